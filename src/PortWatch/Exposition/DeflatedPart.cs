using System.IO.Compression;
using System.IO.Hashing;

namespace PortWatch.Exposition;

/// <summary>
/// Bytes compressed ahead of time as the first part of a gzip member: raw deflate blocks ended by a sync flush
/// (so more blocks may follow), the CRC-32 of the bytes so far and their length. A response continues the same
/// deflate stream with a fresh compressor, whose back-references stay inside its own data, and ends the member
/// with the CRC and length of the whole (RFC 1951, RFC 1952). One gzip member, so every gzip reader reads it all.
/// </summary>
internal sealed class DeflatedPart
{
    private readonly Crc32 crc;

    private DeflatedPart(byte[] blocks, Crc32 crc, long length)
    {
        Blocks = blocks;
        this.crc = crc;
        Length = length;
    }

    /// <summary>The deflate blocks, none of them final.</summary>
    public ReadOnlyMemory<byte> Blocks { get; }

    /// <summary>The length of the uncompressed bytes.</summary>
    public long Length { get; }

    public static DeflatedPart Empty { get; } = new([], new Crc32(), 0);

    public static DeflatedPart Of(ReadOnlySpan<byte> bytes)
    {
        using var output = new MemoryStream();
        var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true);
        deflate.Write(bytes);
        deflate.Flush(); // A sync flush: the blocks so far end on a byte boundary and none is final.
        var blocks = output.ToArray();
        deflate.Dispose(); // Writes the final block after the bytes already taken.
        var crc = new Crc32();
        crc.Append(bytes);
        return new DeflatedPart(blocks, crc, bytes.Length);
    }

    /// <summary>A running CRC-32 that starts where these bytes end.</summary>
    public Crc32 ContinueCrc() => crc.Clone();
}

using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using PortWatch.Exposition;
using Prometheus;

namespace PortWatch.Hosting;

/// <summary>
/// Stands in for the response body while the metrics library writes its registry: before the library's first
/// byte it writes the pre-rendered listener families and the process families rendered within the last second,
/// in the format the library negotiated (read from the Content-Type the library has just set), then passes the
/// library's output through. Gzipped, the response is
/// one gzip member: the header, the families' deflate blocks compressed ahead of time (<see cref="DeflatedPart"/>),
/// the library's output compressed as it comes, and the CRC and length of the whole.
/// </summary>
internal sealed class ExpositionPrefixStream(Stream inner, ListenerExposition listeners, ProcessExposition? process, Func<string?> contentType, bool gzip) : Stream
{
    private const string OpenMetricsType = "application/openmetrics-text";

    // ID1, ID2, CM (deflate), FLG, MTIME (4), XFL, OS (255: unknown).
    private static readonly byte[] GzipHeader = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

    /// <summary>The size of a write of the pre-rendered families: Kestrel's response buffer (MaxResponseBufferSize).</summary>
    internal const int SliceBytes = 64 * 1024;

    private DeflateStream? compressor;
    private Crc32? crc;
    private long length;
    private bool started;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        if (compressor is null)
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            return;
        }

        crc!.Append(buffer.Span);
        length += buffer.Length;
        await compressor.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("the response body is written asynchronously");

    /// <summary>The library flushes when it is done; a gzip member is finished in <see cref="CompleteAsync"/>.</summary>
    public override Task FlushAsync(CancellationToken cancellationToken) =>
        compressor is null ? inner.FlushAsync(cancellationToken) : Task.CompletedTask;

    public override void Flush()
    {
    }

    /// <summary>Ends the response: with gzip, the final deflate block and the member's trailer.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        if (compressor is not null)
        {
            await compressor.DisposeAsync().ConfigureAwait(false);
            compressor = null;
            var trailer = new byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(trailer, crc!.GetCurrentHashAsUInt32());
            BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(4), unchecked((uint)length));
            await inner.WriteAsync(trailer, cancellationToken).ConfigureAwait(false);
        }

        await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            compressor?.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// Writes the pre-rendered bytes a slice at a time. The server copies what it is given into its own buffers before
    /// the socket takes it, and waits for the socket only between writes: given the whole families at once, every
    /// response in flight would hold a copy of them (3 MB at 10,000 listeners), and a storm of slow scrapers
    /// <c>--web.max-requests</c> copies. A slice at a time, each holds a slice.
    /// </summary>
    private async ValueTask WriteInSlicesAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        for (var offset = 0; offset < bytes.Length; offset += SliceBytes)
        {
            await inner.WriteAsync(bytes.Slice(offset, Math.Min(SliceBytes, bytes.Length - offset)), cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        if (started)
        {
            return;
        }

        started = true;
        var type = contentType() ?? "";
        var isOpenMetrics = type.StartsWith(OpenMetricsType, StringComparison.OrdinalIgnoreCase);
        var isMetrics = isOpenMetrics || type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase);
        var format = isOpenMetrics ? ExpositionFormat.OpenMetricsText : ExpositionFormat.PrometheusText;
        var processFamilies = isMetrics && process is not null ? process.Get(format) : ReadOnlyMemory<byte>.Empty;
        if (!gzip)
        {
            if (isMetrics)
            {
                await WriteInSlicesAsync(listeners.Get(format), cancellationToken).ConfigureAwait(false);
                await inner.WriteAsync(processFamilies, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var part = isMetrics ? listeners.GetDeflated(format) : DeflatedPart.Empty;
        await inner.WriteAsync(GzipHeader, cancellationToken).ConfigureAwait(false);
        await WriteInSlicesAsync(part.Blocks, cancellationToken).ConfigureAwait(false);
        crc = part.ContinueCrc();
        length = part.Length;
        compressor = new DeflateStream(inner, CompressionLevel.Fastest, leaveOpen: true);
        await WriteAsync(processFamilies, cancellationToken).ConfigureAwait(false);
    }
}

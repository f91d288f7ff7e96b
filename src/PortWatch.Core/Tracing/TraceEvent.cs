using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace PortWatch.Tracing;

/// <summary>
/// One record of the tracer's ring buffer (<c>struct portwatch_event</c> of <c>bpf/listen.bpf.c</c>, 64 bytes,
/// little-endian fields): who opened which socket, and when on the monotonic clock.
/// </summary>
/// <param name="Port">Host order; for a raw socket its IP protocol.</param>
/// <param name="Netns">The inode of the socket's network namespace.</param>
/// <param name="Comm">The first 11 bytes of the task's comm, as the kernel had it.</param>
internal readonly record struct TraceEvent(
    TraceKind Kind,
    ulong MonotonicNanoseconds,
    ulong CgroupId,
    int Tgid,
    uint Uid,
    ulong Netns,
    int Family,
    IPAddress Address,
    int Port,
    int Protocol,
    string Comm)
{
    public const int Size = 64;

    private const int AfInet = 2;
    private const int AfInet6 = 10;

    /// <summary>Reads a record; null when it is shorter than <see cref="Size"/> or of a kind this build does not know.</summary>
    public static TraceEvent? Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < Size || data[48] is < (byte)TraceKind.TcpListen or > (byte)TraceKind.Raw)
        {
            return null;
        }

        var family = BinaryPrimitives.ReadUInt16LittleEndian(data[28..]);
        var address = family switch
        {
            AfInet => new IPAddress(data.Slice(32, 4)),
            AfInet6 => new IPAddress(data.Slice(32, 16)),
            _ => IPAddress.None,
        };
        var comm = data.Slice(52, 12);
        var end = comm.IndexOf((byte)0);
        return new TraceEvent(
            (TraceKind)data[48],
            BinaryPrimitives.ReadUInt64LittleEndian(data),
            BinaryPrimitives.ReadUInt64LittleEndian(data[8..]),
            (int)BinaryPrimitives.ReadUInt32LittleEndian(data[16..]),
            BinaryPrimitives.ReadUInt32LittleEndian(data[20..]),
            BinaryPrimitives.ReadUInt32LittleEndian(data[24..]),
            family,
            address,
            BinaryPrimitives.ReadUInt16LittleEndian(data[30..]),
            data[49],
            Encoding.UTF8.GetString(end < 0 ? comm : comm[..end]));
    }
}

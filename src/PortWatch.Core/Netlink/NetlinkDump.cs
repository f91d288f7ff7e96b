namespace PortWatch.Netlink;

/// <summary>
/// A netlink socket that sends diag dump requests and reads each multi-part reply to its end, for every diag
/// family: each datagram's length is peeked first and the buffer grows to fit it, so no datagram is ever cut short,
/// and only the kernel's answer to the request is read: a datagram another process sent (sender port id not 0),
/// or a message with another sequence number, is skipped and counted with <see cref="Malformed"/>.
/// </summary>
internal sealed class NetlinkDump(int bufferBytes) : IDisposable
{
    private readonly NetlinkSocket socket = NetlinkSocket.Open();
    private byte[] buffer = new byte[bufferBytes];
    private uint sequence;

    /// <summary>Messages of malformed datagrams, datagrams not from the kernel and messages not of the request, since the socket was made.</summary>
    public int Malformed { get; private set; }

    /// <summary>The sequence number for the next request, written into it by the caller.</summary>
    public uint NextSequence() => ++sequence;

    /// <summary>Sends <paramref name="request"/> (carrying <see cref="NextSequence"/>'s number) and reads its reply to DONE or ERROR.</summary>
    /// <returns>How the reply ended, and the error the kernel gave (0 for none).</returns>
    public (DatagramEnd End, int Error) Run<T>(ReadOnlySpan<byte> request, List<T> messages, NetlinkDatagram.MessageReader<T> read, CancellationToken cancellationToken)
    {
        socket.Send(request);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var next = socket.PeekLength();
            if (next > buffer.Length)
            {
                buffer = new byte[Math.Max(next, buffer.Length * 2)];
            }

            var length = socket.Receive(buffer, out var sender);
            if (sender != 0)
            {
                Malformed++;
                continue;
            }

            var outcome = NetlinkDatagram.Parse(buffer.AsSpan(0, Math.Min(length, buffer.Length)), messages, sequence, read);
            Malformed += outcome.Malformed + outcome.Foreign;
            if (outcome.End != DatagramEnd.More)
            {
                return (outcome.End, outcome.Error);
            }
        }
    }

    public void Dispose() => socket.Dispose();
}

using System.ComponentModel;

namespace PortWatch.Netlink;

/// <summary>
/// Dumps the packet sockets of the network namespace the socket was made in (packet_diag), reading the multi-part
/// reply to NLMSG_DONE with a buffer that grows to fit each datagram, and only the kernel's answer to this request
/// (a datagram from another sender, or a message of another sequence number, is skipped and counted), as
/// <see cref="SockDiagDumper"/> does.
/// </summary>
internal sealed class PacketDiagDumper : IDisposable
{
    private readonly NetlinkSocket socket = NetlinkSocket.Open();
    private byte[] buffer = new byte[32 * 1024];
    private uint sequence;

    /// <summary>Messages of malformed datagrams, datagrams not from the kernel and messages not of the request, since this dumper was made.</summary>
    public int Malformed { get; private set; }

    /// <summary>Appends every packet socket to <paramref name="messages"/>.</summary>
    /// <returns>0, or the error the kernel ended the dump with (ENOENT: no packet_diag in this kernel).</returns>
    public int Dump(List<PacketDiagMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        Span<byte> request = stackalloc byte[PacketDiag.RequestLength];
        PacketDiagRequest.Write(request, ++sequence);
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

            var outcome = PacketDiagParser.Parse(buffer.AsSpan(0, Math.Min(length, buffer.Length)), messages, sequence);
            Malformed += outcome.Malformed + outcome.Foreign;
            switch (outcome.End)
            {
                case DatagramEnd.Done:
                    return outcome.Error;
                case DatagramEnd.Error:
                    // A kernel without packet_diag answers the request itself with ENOENT.
                    return outcome.Error == 2 ? 2 : throw new Win32Exception(outcome.Error, $"packet_diag dump: {new Win32Exception(outcome.Error).Message}");
            }
        }
    }

    public void Dispose() => socket.Dispose();
}

using System.ComponentModel;

namespace PortWatch.Netlink;

/// <summary>
/// Dumps sockets through sock_diag: one request a family and protocol, with a state filter so that the kernel
/// returns only the sockets asked for (TCP LISTEN alone stays flat however many connections the host has),
/// then the multi-part reply read to NLMSG_DONE. Each datagram's length is peeked first and the buffer grows to
/// fit it, so no datagram is ever cut short. Only the kernel's answer to this request is read: a datagram another
/// process sent to the socket (sender port id not 0), or a message with another sequence number, is skipped and
/// counted with <see cref="Malformed"/>.
/// </summary>
internal sealed class SockDiagDumper : IDisposable
{
    private readonly NetlinkSocket socket = NetlinkSocket.Open();
    private byte[] buffer = new byte[64 * 1024];
    private uint sequence;

    /// <summary>Messages of malformed datagrams, datagrams not from the kernel and messages not of the request, since this dumper was made.</summary>
    public int Malformed { get; private set; }

    /// <summary>Appends the sockets of <paramref name="family"/> and <paramref name="protocol"/> in <paramref name="states"/> to <paramref name="messages"/>.</summary>
    /// <returns>0, or the error the kernel ended the dump with (ENOENT: the diag module for the protocol is not loaded).</returns>
    public int Dump(byte family, byte protocol, uint states, List<SockDiagMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        Span<byte> request = stackalloc byte[SockDiag.RequestLength];
        SockDiagRequest.Write(request, ++sequence, family, protocol, states);
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

            var outcome = SockDiagParser.Parse(buffer.AsSpan(0, Math.Min(length, buffer.Length)), messages, sequence);
            Malformed += outcome.Malformed + outcome.Foreign;
            switch (outcome.End)
            {
                case DatagramEnd.Done:
                    return outcome.Error;
                case DatagramEnd.Error:
                    throw new Win32Exception(outcome.Error, $"sock_diag dump of family {family}, protocol {protocol}: {new Win32Exception(outcome.Error).Message}");
            }
        }
    }

    public void Dispose() => socket.Dispose();
}

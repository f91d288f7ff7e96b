using System.ComponentModel;

namespace PortWatch.Netlink;

/// <summary>
/// Dumps sockets through sock_diag: one request a family and protocol, with a state filter so that the kernel
/// returns only the sockets asked for (TCP LISTEN alone stays flat however many connections the host has),
/// then the multi-part reply read to NLMSG_DONE. Each datagram's length is peeked first and the buffer grows to
/// fit it, so no datagram is ever cut short, and only the kernel's answer to this request is read
/// (<see cref="NetlinkDump"/>).
/// </summary>
internal sealed class SockDiagDumper : IDisposable
{
    private readonly NetlinkDump dump = new(64 * 1024);

    /// <summary>Appends the sockets of <paramref name="family"/> and <paramref name="protocol"/> in <paramref name="states"/> to <paramref name="messages"/>.</summary>
    /// <returns>0, or the error the kernel ended the dump with (ENOENT: the diag module for the protocol is not loaded).</returns>
    public int Dump(byte family, byte protocol, uint states, List<SockDiagMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        Span<byte> request = stackalloc byte[SockDiag.RequestLength];
        SockDiagRequest.Write(request, dump.NextSequence(), family, protocol, states);
        var (end, error) = dump.Run<SockDiagMessage>(request, messages, SockDiagParser.TryReadMessage, cancellationToken);
        return end == DatagramEnd.Done
            ? error
            : throw new Win32Exception(error, $"sock_diag dump of family {family}, protocol {protocol}: {new Win32Exception(error).Message}");
    }

    public void Dispose() => dump.Dispose();
}

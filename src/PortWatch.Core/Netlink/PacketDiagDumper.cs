using System.ComponentModel;

namespace PortWatch.Netlink;

/// <summary>
/// Dumps the packet sockets of the network namespace the socket was made in (packet_diag), through
/// <see cref="NetlinkDump"/> as <see cref="SockDiagDumper"/> does.
/// </summary>
internal sealed class PacketDiagDumper : IDisposable
{
    private const int NoSuchEntry = 2;
    private readonly NetlinkDump dump = new(32 * 1024);

    /// <summary>Appends every packet socket to <paramref name="messages"/>.</summary>
    /// <returns>0, or the error the kernel ended the dump with (ENOENT: no packet_diag in this kernel).</returns>
    public int Dump(List<PacketDiagMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        Span<byte> request = stackalloc byte[PacketDiag.RequestLength];
        PacketDiagRequest.Write(request, dump.NextSequence());
        var (end, error) = dump.Run<PacketDiagMessage>(request, messages, PacketDiagParser.TryReadMessage, cancellationToken);

        // A kernel without packet_diag answers the request itself with ENOENT.
        return end == DatagramEnd.Done || error == NoSuchEntry
            ? error
            : throw new Win32Exception(error, $"packet_diag dump: {new Win32Exception(error).Message}");
    }

    public void Dispose() => dump.Dispose();
}

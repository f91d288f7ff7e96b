using PortWatch.Netlink;

namespace PortWatch.Sockets;

/// <summary>
/// Enumerates listening sockets through sock_diag: TCP in LISTEN and UDP unconnected (CLOSE), IPv4 and IPv6, each
/// asked of the kernel with a state filter, so that the cost follows the listeners and not the host's connections.
/// Where the kernel has no diag module for a protocol (the dump ends with ENOENT), that table is read from
/// <paramref name="fallback"/>'s /proc/net instead. Sees the network namespace the exporter runs in.
/// </summary>
/// <param name="fallback">The /proc/net tables of the same namespace.</param>
/// <param name="open">Makes a sock_diag socket (in another namespace: <see cref="NamespaceEntry"/>); null for the calling thread's namespace.</param>
/// <param name="opened">A socket already made by <paramref name="open"/>.</param>
internal sealed class NetlinkSocketSource(ProcNetSocketSource fallback, Func<SockDiagDumper>? open = null, SockDiagDumper? opened = null) : ISocketSource, IDisposable
{
    private const int NoSuchEntry = 2;
    private readonly SockDiagRecords records = new();
    private readonly List<SockDiagMessage> messages = [];
    private SockDiagDumper? dumper = opened;

    /// <summary>Whether a sock_diag socket can be opened here: null when it can, else why not.</summary>
    public static string? Probe()
    {
        try
        {
            new SockDiagDumper().Dispose();
            return null;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return e.Message;
        }
    }

    public SocketInventory Enumerate(IReadOnlySet<TransportProtocol> protocols, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(protocols);
        var sockets = new List<SocketRecord>();
        var malformed = new Dictionary<string, int>(StringComparer.Ordinal);
        var missing = new List<string>();
        dumper ??= open?.Invoke() ?? new SockDiagDumper();
        try
        {
            foreach (var table in SocketTableFile.All.Where(t => protocols.Contains(t.Protocol)))
            {
                messages.Clear();
                var (protocol, states) = table.Protocol == TransportProtocol.Tcp
                    ? (SockDiag.IpProtoTcp, 1u << SockDiag.StateListen)
                    : (SockDiag.IpProtoUdp, 1u << SockDiag.StateClose);
                var family = table.Family == IpFamily.IPv4 ? SockDiag.AfInet : SockDiag.AfInet6;
                var error = dumper.Dump(family, protocol, states, messages, cancellationToken);
                if (error == NoSuchEntry)
                {
                    fallback.ReadTable(table, sockets, malformed, missing);
                    continue;
                }

                if (error != 0)
                {
                    throw new System.ComponentModel.Win32Exception(error, $"sock_diag dump of {table.RelativePath}: {new System.ComponentModel.Win32Exception(error).Message}");
                }

                foreach (var message in messages)
                {
                    if (table.Protocol == TransportProtocol.Tcp || message.HasNoPeer)
                    {
                        sockets.Add(records.ToRecord(message, table.Protocol));
                    }
                }
            }

            return new SocketInventory(sockets, malformed, missing);
        }
        catch
        {
            // A dump cut short leaves replies queued: start the next scan on a fresh socket.
            dumper.Dispose();
            dumper = null;
            throw;
        }
    }

    public void Dispose() => dumper?.Dispose();
}

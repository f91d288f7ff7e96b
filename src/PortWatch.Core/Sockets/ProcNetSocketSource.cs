using PortWatch.ProcFs;

namespace PortWatch.Sockets;

/// <summary>
/// Reads the listening sockets from /proc/net/{tcp,tcp6,udp,udp6} under <c>--path.procfs</c>: <c>--scan.method=procfs</c>,
/// and the way to read a proc tree whose processes live in another network namespace than the exporter's.
/// </summary>
internal sealed class ProcNetSocketSource(ProcFsRoot procFs) : ISocketSource
{
    public SocketInventory Enumerate(IReadOnlySet<TransportProtocol> protocols, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(protocols);
        var sockets = new List<SocketRecord>();
        var malformed = new Dictionary<string, int>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var table in SocketTableFile.All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (protocols.Contains(table.Protocol))
            {
                ReadTable(table, sockets, malformed, missing);
            }
        }

        return new SocketInventory(sockets, malformed, missing);
    }

    /// <summary>Reads one table into the lists; a missing IPv6 table is noted, a missing IPv4 table is an error.</summary>
    public void ReadTable(SocketTableFile table, List<SocketRecord> sockets, Dictionary<string, int> malformed, List<string> missing)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(sockets);
        ArgumentNullException.ThrowIfNull(malformed);
        ArgumentNullException.ThrowIfNull(missing);
        var text = procFs.ReadText(table.RelativePath);
        if (text is null && table.Family == IpFamily.IPv4)
        {
            // Every Linux kernel has the IPv4 tables; without them this is not a proc filesystem.
            throw new FileNotFoundException(
                $"{Path.Combine(procFs.Path, table.RelativePath)} does not exist: is --path.procfs a proc filesystem?");
        }

        if (text is null)
        {
            missing.Add(table.RelativePath);
            return;
        }

        var parsed = ProcNetParser.Parse(text, table.Protocol, table.Family);
        sockets.AddRange(parsed.Listeners);
        malformed[table.RelativePath] = parsed.MalformedLines;
    }
}

using System.Globalization;
using PortWatch.PacketSockets;

namespace PortWatch.Cli;

/// <summary>The packet and raw sockets under <c>portwatch list</c>'s listener table: one row a series of <c>portwatch_packet_sockets</c>, with the pids behind it.</summary>
internal static class PacketSocketTable
{
    /// <summary>A blank line and the table; under the listeners (<paramref name="alone"/> false) nothing when there are no packet or raw sockets.</summary>
    /// <param name="alone"><c>list --packet-sockets</c>: the table by itself, with no blank line before it, and its header even when it has no rows.</param>
    public static string Render(IReadOnlyList<PacketSocket> sockets, bool alone = false)
    {
        ArgumentNullException.ThrowIfNull(sockets);
        if (sockets.Count == 0 && !alone)
        {
            return "";
        }

        var rows = sockets.Select(s => (IReadOnlyList<string>)
        [
            .. PacketSocketLabels.All.Select(label => label.Value(s)),
            s.Count.ToString(CultureInfo.InvariantCulture),
            s.Processes.Count == 0 ? "-" : string.Join(',', s.Processes.Select(p => p.Pid.ToString(CultureInfo.InvariantCulture))),
        ]);
        return (alone ? "" : "\n") + TextTable.Render([.. PacketSocketLabels.All.Select(l => l.Name.ToUpperInvariant().Replace('_', ' ')), "SOCKETS", "PID"], rows);
    }
}

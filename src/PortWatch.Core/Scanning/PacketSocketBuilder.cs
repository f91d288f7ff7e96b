using PortWatch.Listeners;
using PortWatch.PacketSockets;
using PortWatch.Processes;
using PortWatch.Sockets;

namespace PortWatch.Scanning;

/// <summary>
/// The classify stage of packet and raw sockets: attributes each to the processes holding its inode (the owner
/// cache's walk, shared with the listeners), groups those that share every label into one series whose value is
/// their number, and marks the expected ones. A pure function of its inputs.
/// </summary>
internal static class PacketSocketBuilder
{
    private static readonly IReadOnlyList<ProcessInfo> NoProcesses = [];

    /// <param name="firstSeen">When each identity was first seen; an identity not in it is new (seen <paramref name="now"/>).</param>
    public static List<PacketSocket> Build(
        IReadOnlyList<PacketSocketRecord> sockets,
        SocketOwners owners,
        IReadOnlyList<ExpectedListener> expected,
        IReadOnlyDictionary<PacketSocketKey, DateTimeOffset> firstSeen,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(sockets);
        ArgumentNullException.ThrowIfNull(owners);
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(firstSeen);
        var groups = new Dictionary<PacketSocketKey, (int Count, List<ProcessInfo> Processes)>();
        foreach (var socket in sockets)
        {
            var holders = owners.ByInode.TryGetValue(socket.Inode, out var found) ? found : NoProcesses;
            var key = new PacketSocketKey(
                socket.Kind,
                socket.Netns,
                PacketProtocols.Label(socket.Kind, socket.Protocol),
                socket.Interface,
                ListenerBuilder.ProcessLabel(holders),
                socket.Filter);
            if (!groups.TryGetValue(key, out var group))
            {
                group = (0, []);
            }

            group.Processes.AddRange(holders);
            groups[key] = (group.Count + 1, group.Processes);
        }

        var built = new List<PacketSocket>(groups.Count);
        foreach (var (key, (count, all)) in groups)
        {
            IReadOnlyList<ProcessInfo> processes = [.. all.DistinctBy(p => p.Pid).OrderBy(p => p.Pid)];
            var kind = key.Kind.ToLabel();
            built.Add(new PacketSocket(
                key,
                count,
                processes,
                ListenerBuilder.OwnerOf(processes),
                ListenerBuilder.ExecutableOf(processes, owners),
                processes.Count > 0 && expected.Any(e => e.MatchesPacketSocket(kind, key.Netns, processes)),
                firstSeen.TryGetValue(key, out var seen) ? seen : now));
        }

        built.Sort(PacketSocket.Order);
        return built;
    }
}

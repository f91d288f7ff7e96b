using PortWatch.Listeners;
using PortWatch.Processes;
using PortWatch.Registry;
using PortWatch.Sockets;
using PortWatch.State;

namespace PortWatch.Scanning;

/// <summary>
/// The classify stage: groups socket records into listeners (one a key, whatever the number of sockets and
/// processes behind it) and labels each with its exposure, registry classification, owners and expectation.
/// A pure function of its inputs.
/// </summary>
internal static class ListenerBuilder
{
    public static List<Listener> Build(
        IReadOnlyList<SocketRecord> sockets,
        SocketOwners owners,
        PortRegistry registry,
        IReadOnlyList<ExpectedListener> expected,
        IReadOnlyDictionary<ListenerKey, ListenerSighting> sightings,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(sockets);
        ArgumentNullException.ThrowIfNull(owners);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(sightings);
        var listeners = new List<Listener>();
        foreach (var group in sockets.GroupBy(ListenerKey.Of))
        {
            var key = group.Key;
            var processes = group
                .SelectMany(s => owners.ByInode.TryGetValue(s.Inode, out var holders) ? holders : [])
                .DistinctBy(p => p.Pid)
                .OrderBy(p => p.Pid)
                .ToList();
            var sighting = sightings.GetValueOrDefault(key);
            listeners.Add(new Listener(
                key,
                ExposureClassifier.Classify(key.Address),
                registry.Classify(key.Protocol.ToLabel(), key.Port),
                processes,
                ProcessLabel(processes),
                expected.Any(e => e.Matches(key, processes)),
                sighting?.FirstSeen ?? now,
                sighting?.LastSeen ?? now,
                IsOpen: true));
        }

        listeners.Sort(Listener.Order);
        return listeners;
    }

    public static string ProcessLabel(IReadOnlyList<ProcessInfo> processes)
    {
        ArgumentNullException.ThrowIfNull(processes);
        return processes.Count == 0
            ? ProcessName.Unknown
            : string.Join(',', processes.Select(p => p.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
    }
}

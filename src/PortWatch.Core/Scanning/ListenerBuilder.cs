using System.Runtime.InteropServices;
using PortWatch.Listeners;
using PortWatch.Owners;
using PortWatch.ProcFs;
using PortWatch.Processes;
using PortWatch.Registry;
using PortWatch.Sockets;
using PortWatch.State;

namespace PortWatch.Scanning;

/// <summary>
/// The classify stage: groups socket records into listeners (one a key, whatever the number of sockets and
/// processes behind it) and labels each with its exposure, registry classification, owners and expectation.
/// A pure function of its inputs. A listener of the previous scan whose inputs have not changed (its owners,
/// its first-seen time) is taken as it is, so that a steady state costs little more than enumerating.
/// </summary>
internal static class ListenerBuilder
{
    private static readonly IReadOnlyList<ProcessInfo> NoProcesses = [];

    /// <summary>Groups and labels <paramref name="sockets"/> (<see cref="Group"/>, then the overload below).</summary>
    public static List<Listener> Build(
        IReadOnlyList<SocketRecord> sockets,
        SocketOwners owners,
        PortRegistry registry,
        IReadOnlyList<ExpectedListener> expected,
        IReadOnlyDictionary<ListenerKey, ListenerSighting> sightings,
        DateTimeOffset now) =>
        Build(Group(sockets), owners, registry, expected, sightings, now, null, null, []);

    /// <summary>The sockets by listener identity: SO_REUSEPORT groups and sockets shared by forked workers become one.</summary>
    /// <param name="sockets">The sockets a scan found.</param>
    /// <param name="groups">A dictionary to fill (cleared first), so that a scanner can use one for every scan.</param>
    public static Dictionary<ListenerKey, (SocketRecord First, List<SocketRecord>? More)> Group(
        IReadOnlyList<SocketRecord> sockets, Dictionary<ListenerKey, (SocketRecord First, List<SocketRecord>? More)>? groups = null)
    {
        ArgumentNullException.ThrowIfNull(sockets);
        groups?.Clear();
        groups ??= new Dictionary<ListenerKey, (SocketRecord First, List<SocketRecord>? More)>(sockets.Count);
        foreach (var socket in sockets)
        {
            ref var group = ref CollectionsMarshal.GetValueRefOrAddDefault(groups, ListenerKey.Of(socket), out var known);
            if (!known)
            {
                group = (socket, null);
            }
            else
            {
                (group.More ??= []).Add(socket);
            }
        }

        return groups;
    }

    /// <param name="groups">The sockets by listener (<see cref="Group"/>).</param>
    /// <param name="previous">The open listeners of the previous scan, by key; reused when nothing of theirs changed.</param>
    /// <param name="ephemeral">The kernel's ephemeral range, to mark the listeners in it.</param>
    /// <param name="byKey">Filled with the listeners built, by key.</param>
    public static List<Listener> Build(
        Dictionary<ListenerKey, (SocketRecord First, List<SocketRecord>? More)> groups,
        SocketOwners owners,
        PortRegistry registry,
        IReadOnlyList<ExpectedListener> expected,
        IReadOnlyDictionary<ListenerKey, ListenerSighting> sightings,
        DateTimeOffset now,
        IReadOnlyDictionary<ListenerKey, Listener>? previous,
        EphemeralPorts? ephemeral,
        Dictionary<ListenerKey, Listener> byKey)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(owners);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(sightings);
        ArgumentNullException.ThrowIfNull(byKey);
        var listeners = new List<Listener>(groups.Count);
        foreach (var (key, (first, more)) in groups)
        {
            var processes = more is null ? Holders(owners, first.Inode) : Merge(owners, first, more);
            var firstSeen = sightings.TryGetValue(key, out var sighting) ? sighting.FirstSeen : now;
            if (previous is not null && previous.TryGetValue(key, out var before) && before.IsOpen && before.FirstSeen == firstSeen
                && (ReferenceEquals(before.Processes, processes) || before.Processes.SequenceEqual(processes)))
            {
                listeners.Add(byKey[key] = before);
                continue;
            }

            listeners.Add(byKey[key] = new Listener(
                key,
                ExposureClassifier.Classify(key.Address),
                registry.Classify(key.Protocol.ToLabel(), key.Port),
                processes,
                ProcessLabel(processes),
                expected.Any(e => e.Matches(key, processes)),
                firstSeen,
                now,
                IsOpen: true,
                Ephemeral: ephemeral?.Contains(key.Port) == true)
            {
                Owner = OwnerOf(processes),
                Executable = ExecutableOf(processes, owners),
            });
        }

        listeners.Sort(Listener.Order);
        return listeners;
    }

    /// <summary>A listener no scan saw open, known by its key alone (a destroy event, a record): no processes, not open.</summary>
    public static Listener Unowned(ListenerKey key, PortRegistry registry, IReadOnlyList<ExpectedListener> expected, ListenerSighting sighting)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(expected);
        return new Listener(
            key,
            ExposureClassifier.Classify(key.Address),
            registry.Classify(key.Protocol.ToLabel(), key.Port),
            NoProcesses,
            ProcessLabel(NoProcesses),
            expected.Any(e => e.Matches(key, NoProcesses)),
            sighting.FirstSeen,
            sighting.LastSeen,
            IsOpen: false);
    }

    public static string ProcessLabel(IReadOnlyList<ProcessInfo> processes)
    {
        ArgumentNullException.ThrowIfNull(processes);
        return processes.Count switch
        {
            0 => ProcessName.Unknown,
            1 => processes[0].Name,
            _ => string.Join(',', processes.Select(p => p.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)),
        };
    }

    /// <summary>The owner labels of a listener: each owner field of its processes, unique, sorted, comma-joined; unknown without processes.</summary>
    public static ProcessOwner OwnerOf(IReadOnlyList<ProcessInfo> processes)
    {
        ArgumentNullException.ThrowIfNull(processes);
        return processes.Count switch
        {
            0 => ProcessOwner.Unknown,
            1 => processes[0].Owner,
            _ => new ProcessOwner(
                Joined(processes, p => p.Owner.Unit),
                Joined(processes, p => p.Owner.Container),
                Joined(processes, p => p.Owner.Pod),
                Joined(processes, p => p.Owner.K8sNamespace)),
        };
    }

    /// <summary>The worst executable class of the processes; without any: none when every process could be read (a kernel socket), else unknown.</summary>
    public static ExecutableClass ExecutableOf(IReadOnlyList<ProcessInfo> processes, SocketOwners owners)
    {
        ArgumentNullException.ThrowIfNull(processes);
        ArgumentNullException.ThrowIfNull(owners);
        return processes.Count > 0 ? ExecutableClassifier.Worst(processes.Select(p => p.Executable))
            : owners.ProcessesScanned > 0 && owners.ProcessesUnreadable == 0 ? ExecutableClass.None
            : ExecutableClass.Unknown;
    }

    private static string Joined(IReadOnlyList<ProcessInfo> processes, Func<ProcessInfo, string> field) =>
        string.Join(',', processes.Select(field).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    private static IReadOnlyList<ProcessInfo> Holders(SocketOwners owners, ulong inode) =>
        owners.ByInode.TryGetValue(inode, out var holders) ? holders : NoProcesses;

    private static List<ProcessInfo> Merge(SocketOwners owners, SocketRecord first, List<SocketRecord> more) =>
        [.. more.Prepend(first).SelectMany(s => Holders(owners, s.Inode)).DistinctBy(p => p.Pid).OrderBy(p => p.Pid)];
}

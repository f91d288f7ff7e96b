using PortWatch.Listeners;
using PortWatch.PacketSockets;
using PortWatch.ProcFs;
using PortWatch.Processes;
using PortWatch.Sockets;
using PortWatch.State;

namespace PortWatch.Scanning;

/// <summary>
/// The packet and raw sockets' part of a scan, run by <see cref="Scanner"/> beside the listeners': enumerated with
/// them (in the same namespaces), attributed in the same owner-cache walk, classified with them. When each identity
/// was first seen is kept in <paramref name="history"/> (the state file's record, <see cref="ListenerHistory.PacketSockets"/>),
/// which forgets an identity not seen for <paramref name="forgetAfter"/> and holds at most <paramref name="capacity"/> (0: no limit).
/// </summary>
internal sealed class PacketSocketStage(
    PacketSocketEnumerator enumerator,
    IReadOnlyList<ExpectedListener> expected,
    PacketSocketHistory history,
    TimeSpan forgetAfter,
    int capacity) : IDisposable
{
    private PacketSocketRecord[] lastSockets = [];
    private SocketOwners? lastOwners;
    private long lastChanges = -1;

    /// <summary>The packet sockets of the last scan.</summary>
    public IReadOnlyList<PacketSocket> Last { get; private set; } = [];

    /// <summary>Whether the last scan's series differ from the one before (a new exposition is due).</summary>
    public bool Changed { get; private set; }

    /// <summary>How the last scan read the exporter's own namespace.</summary>
    public PacketSocketInventory LastInventory { get; private set; } = PacketSocketInventory.Empty;

    public string? LastNamespaceError => enumerator.LastNamespaceError;

    /// <summary>Reads the packet and raw sockets of the exporter's namespace and of <paramref name="others"/> (those the listener scan found; none when null).</summary>
    public PacketSocketInventory Enumerate(IReadOnlyDictionary<ulong, NetworkNamespace>? others, CancellationToken cancellationToken) =>
        LastInventory = enumerator.Enumerate(others ?? new Dictionary<ulong, NetworkNamespace>(), cancellationToken);

    /// <summary>The inodes to attribute: the listeners' and, when <paramref name="stage"/> runs, its last enumeration's, so that one walk serves both.</summary>
    public static ulong[] Inodes(IReadOnlyList<SocketRecord> listeners, PacketSocketStage? stage)
    {
        ArgumentNullException.ThrowIfNull(listeners);
        var packets = stage?.LastInventory.Sockets ?? [];
        var inodes = new ulong[listeners.Count + packets.Count];
        for (var i = 0; i < listeners.Count; i++)
        {
            inodes[i] = listeners[i].Inode;
        }

        for (var i = 0; i < packets.Count; i++)
        {
            inodes[listeners.Count + i] = packets[i].Inode;
        }

        return inodes;
    }

    /// <summary>
    /// Attributes and classifies the last enumeration's sockets; <see cref="Changed"/> says whether their series
    /// changed. When the kernel reported the same sockets as last time, the owners are the same walk's and the
    /// record neither gained nor lost an identity, the series are the last ones: only the sighting is recorded.
    /// </summary>
    public IReadOnlyList<PacketSocket> Classify(SocketOwners owners, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(owners);
        var sockets = LastInventory.Sockets;
        if (ReferenceEquals(owners, lastOwners) && history.Changes == lastChanges && sockets.SequenceEqual(lastSockets))
        {
            history.Observe(Last.Select(s => s.Key), now, forgetAfter, capacity);
            lastChanges = history.Changes;
            Changed = false;
            return Last;
        }

        var built = PacketSocketBuilder.Build(sockets, owners, expected, history.FirstSeen(), now);
        history.Observe(built.Select(s => s.Key), now, forgetAfter, capacity);
        (lastSockets, lastOwners, lastChanges) = ([.. sockets], owners, history.Changes);

        Changed = !built.SequenceEqual(Last, SameSeries.Instance);
        return Last = built;
    }

    public void Dispose() => enumerator.Dispose();

    private sealed class SameSeries : IEqualityComparer<PacketSocket>
    {
        public static readonly SameSeries Instance = new();

        public bool Equals(PacketSocket? x, PacketSocket? y) =>
            x is not null && y is not null && x.Key == y.Key && x.Count == y.Count && x.Owner == y.Owner
            && x.Executable == y.Executable && x.Expected == y.Expected && x.FirstSeen == y.FirstSeen;

        public int GetHashCode(PacketSocket obj) => obj.Key.GetHashCode();
    }
}

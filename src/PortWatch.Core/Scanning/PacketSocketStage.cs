using PortWatch.Listeners;
using PortWatch.PacketSockets;
using PortWatch.ProcFs;
using PortWatch.Processes;
using PortWatch.Sockets;

namespace PortWatch.Scanning;

/// <summary>
/// The packet and raw sockets' part of a scan, run by <see cref="Scanner"/> beside the listeners': enumerated with
/// them (in the same namespaces), attributed in the same owner-cache walk, classified after them. Keeps when each
/// identity was first seen (restored from and saved to the state file through <see cref="FirstSeen"/>), and
/// forgets an identity not seen for <c>forgetAfter</c>.
/// </summary>
internal sealed class PacketSocketStage(PacketSocketEnumerator enumerator, IReadOnlyList<ExpectedListener> expected, TimeSpan forgetAfter) : IDisposable
{
    private readonly Dictionary<PacketSocketKey, (DateTimeOffset First, DateTimeOffset Last)> seen = [];

    /// <summary>The packet sockets of the last scan.</summary>
    public IReadOnlyList<PacketSocket> Last { get; private set; } = [];

    /// <summary>Whether the last scan's series differ from the one before (a new exposition is due).</summary>
    public bool Changed { get; private set; }

    /// <summary>How the last scan read the exporter's own namespace.</summary>
    public PacketSocketInventory LastInventory { get; private set; } = PacketSocketInventory.Empty;

    public string? LastNamespaceError => enumerator.LastNamespaceError;

    /// <summary>When each identity was first seen and last seen: what the state file keeps.</summary>
    public IReadOnlyDictionary<PacketSocketKey, (DateTimeOffset First, DateTimeOffset Last)> FirstSeen => seen;

    /// <summary>Takes first-seen times from a saved state (before the first scan).</summary>
    public void Restore(IEnumerable<(PacketSocketKey Key, DateTimeOffset First, DateTimeOffset Last)> saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        foreach (var (key, first, last) in saved)
        {
            seen[key] = (first, last);
        }
    }

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

    /// <summary>Attributes and classifies the last enumeration's sockets; <see cref="Changed"/> says whether their series changed.</summary>
    public IReadOnlyList<PacketSocket> Classify(SocketOwners owners, DateTimeOffset now)
    {
        var firstSeen = seen.ToDictionary(p => p.Key, p => p.Value.First);
        var built = PacketSocketBuilder.Build(LastInventory.Sockets, owners, expected, firstSeen, now);
        foreach (var socket in built)
        {
            seen[socket.Key] = (socket.FirstSeen, now);
        }

        foreach (var stale in seen.Where(p => now - p.Value.Last > forgetAfter).Select(p => p.Key).ToList())
        {
            seen.Remove(stale);
        }

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

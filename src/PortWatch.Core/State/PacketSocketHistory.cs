using PortWatch.Sockets;

namespace PortWatch.State;

/// <summary>
/// The first-seen record of packet and raw sockets, kept as <see cref="ListenerHistory"/> keeps listeners' (and
/// saved with it, in the same state file): by identity (kind, netns, protocol, interface, process, filter), forgotten
/// when not seen for <see cref="StateOptions.ForgetAfter"/>, and bounded. Scans change it and saves read it from
/// different threads: both go through a lock.
/// </summary>
internal sealed class PacketSocketHistory
{
    private readonly Lock gate = new();
    private readonly Dictionary<PacketSocketKey, ListenerSighting> sightings;
    private DateTimeOffset lastForgetting = DateTimeOffset.MinValue;
    private long changes;
    private long savedChanges;

    public PacketSocketHistory(IEnumerable<KeyValuePair<PacketSocketKey, ListenerSighting>>? sightings = null) =>
        this.sightings = sightings is null ? [] : new Dictionary<PacketSocketKey, ListenerSighting>(sightings);

    /// <summary>How many identities the record holds.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return sightings.Count;
            }
        }
    }

    /// <summary>True when identities were added or forgotten since the record was last saved.</summary>
    public bool HasUnsavedChanges
    {
        get
        {
            lock (gate)
            {
                return changes != savedChanges;
            }
        }
    }

    /// <summary>How many identities have been added or forgotten since the record was made: unchanged, nothing was.</summary>
    public long Changes
    {
        get
        {
            lock (gate)
            {
                return changes;
            }
        }
    }

    /// <summary>When each identity was first seen, as the record holds it now.</summary>
    public IReadOnlyDictionary<PacketSocketKey, DateTimeOffset> FirstSeen()
    {
        lock (gate)
        {
            return sightings.ToDictionary(s => s.Key, s => s.Value.FirstSeen);
        }
    }

    /// <summary>
    /// Records a scan that saw <paramref name="current"/> at <paramref name="now"/>, forgets what has not been seen
    /// for <paramref name="forgetAfter"/> (looked for at most once a minute), and beyond <paramref name="capacity"/>
    /// (0: none) forgets what is not seen now, the least recently seen first.
    /// </summary>
    public void Observe(IEnumerable<PacketSocketKey> current, DateTimeOffset now, TimeSpan forgetAfter, int capacity)
    {
        ArgumentNullException.ThrowIfNull(current);
        lock (gate)
        {
            foreach (var key in current)
            {
                var known = sightings.TryGetValue(key, out var sighting);
                sightings[key] = new ListenerSighting(known ? sighting.FirstSeen : now, now);
                changes += known ? 0 : 1;
            }

            if (forgetAfter > TimeSpan.Zero && now - lastForgetting >= TimeSpan.FromMinutes(1))
            {
                lastForgetting = now;
                Remove([.. sightings.Where(s => now - s.Value.LastSeen > forgetAfter).Select(s => s.Key)]);
            }

            if (capacity > 0 && sightings.Count > capacity)
            {
                Remove([.. sightings.Where(s => s.Value.LastSeen < now).OrderBy(s => s.Value.LastSeen).Take(sightings.Count - capacity).Select(s => s.Key)]);
            }
        }
    }

    // Called under the lock.
    private void Remove(List<PacketSocketKey> keys)
    {
        foreach (var key in keys)
        {
            changes += sightings.Remove(key) ? 1 : 0;
        }
    }

    /// <summary>Every sighting and the change count, for a save.</summary>
    public (Dictionary<PacketSocketKey, ListenerSighting> Sightings, long Changes) Snapshot()
    {
        lock (gate)
        {
            return (new Dictionary<PacketSocketKey, ListenerSighting>(sightings), changes);
        }
    }

    /// <summary>Notes that the snapshot of <paramref name="savedAt"/> changes is on disk.</summary>
    public void MarkSaved(long savedAt)
    {
        lock (gate)
        {
            savedChanges = Math.Max(savedChanges, savedAt);
        }
    }
}

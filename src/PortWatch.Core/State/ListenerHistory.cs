using System.Runtime.InteropServices;
using PortWatch.Sockets;

namespace PortWatch.State;

/// <summary>
/// The first-seen record (portwatch_listener_first_seen_timestamp_seconds, docs/metrics.md). On a start with no record, everything listening at the first scan
/// is the baseline; a listener first seen after the baseline is new. Listeners not seen for
/// <see cref="StateOptions.ForgetAfter"/> are forgotten, so that ephemeral UDP ports cannot grow the record
/// without bound; one that comes back after that is new again. A <see cref="RecordLimit"/> bounds it whatever the
/// host's sockets do: beyond it, listeners not seen at this scan are forgotten early, those known only from
/// destroy events first, those that would page last, the least recently seen first. Scans change it and saves read
/// it from different threads: both go through a lock, and a save works on a <see cref="Snapshot"/>.
/// </summary>
internal sealed class ListenerHistory
{
    private readonly Lock gate = new();
    private readonly Dictionary<ListenerKey, ListenerSighting> sightings;
    private long changes;
    private long savedChanges;
    private DateTimeOffset lastForgetting = DateTimeOffset.MinValue;
    private long evicted;
    private int closedOnly;

    public ListenerHistory(
        DateTimeOffset? baseline = null,
        IEnumerable<KeyValuePair<ListenerKey, ListenerSighting>>? sightings = null,
        IEnumerable<KeyValuePair<PacketSocketKey, ListenerSighting>>? packetSockets = null)
    {
        Baseline = baseline;
        PacketSockets = new PacketSocketHistory(packetSockets);
        this.sightings = sightings is null ? [] : new Dictionary<ListenerKey, ListenerSighting>(sightings);
        closedOnly = this.sightings.Values.Count(s => s.ClosedOnly);
    }

    /// <summary>When the record began: the first scan of the first start. Null before that scan.</summary>
    public DateTimeOffset? Baseline
    {
        get
        {
            lock (gate)
            {
                return field;
            }
        }

        private set;
    }

    /// <summary>The packet and raw sockets' first-seen record, in the same state file, under the same baseline.</summary>
    public PacketSocketHistory PacketSockets { get; }

    /// <summary>True when listeners or packet sockets were added or forgotten (or the baseline set) since the record was last saved.</summary>
    public bool HasUnsavedChanges
    {
        get
        {
            lock (gate)
            {
                return changes != savedChanges || PacketSockets.HasUnsavedChanges;
            }
        }
    }

    /// <summary>How many listeners the record holds.</summary>
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

    /// <summary>Listeners forgotten early to keep the record within its <see cref="RecordLimit"/>, since the start.</summary>
    public long Evicted => Interlocked.Read(ref evicted);

    /// <summary>The sighting of one listener, when the record has it.</summary>
    public bool TryGet(ListenerKey key, out ListenerSighting sighting)
    {
        lock (gate)
        {
            return sightings.TryGetValue(key, out sighting);
        }
    }

    /// <summary>A copy of every sighting.</summary>
    public IReadOnlyDictionary<ListenerKey, ListenerSighting> Sightings => Snapshot().Sightings;

    /// <summary>
    /// Records a scan that saw <paramref name="current"/> at <paramref name="now"/>, forgets what has not been
    /// seen for <paramref name="forgetAfter"/> (looked for at most once a minute), and returns every sighting: the
    /// record itself, to be read on the scanning thread, the one thread that changes it.
    /// </summary>
    public IReadOnlyDictionary<ListenerKey, ListenerSighting> Observe(IEnumerable<ListenerKey> current, DateTimeOffset now, TimeSpan forgetAfter)
    {
        ArgumentNullException.ThrowIfNull(current);
        lock (gate)
        {
            if (Baseline is null)
            {
                Baseline = now;
                changes++;
            }

            foreach (var key in current)
            {
                ref var sighting = ref CollectionsMarshal.GetValueRefOrAddDefault(sightings, key, out var known);
                closedOnly -= known && sighting.ClosedOnly ? 1 : 0;
                sighting = new ListenerSighting(known ? sighting.FirstSeen : now, now);
                changes += known ? 0 : 1;
            }

            if (forgetAfter > TimeSpan.Zero && now - lastForgetting >= TimeSpan.FromMinutes(1))
            {
                lastForgetting = now;
                foreach (var (key, _) in sightings.Where(s => now - s.Value.LastSeen > forgetAfter).ToList())
                {
                    Remove(key);
                }
            }

            return sightings;
        }
    }

    /// <summary>
    /// Records a listener that was seen only as it closed (a destroy event) at <paramref name="at"/>, and returns its
    /// sighting: first seen then unless it was seen before.
    /// </summary>
    public ListenerSighting RecordClosed(ListenerKey key, DateTimeOffset at)
    {
        lock (gate)
        {
            if (sightings.TryGetValue(key, out var sighting))
            {
                return sightings[key] = sighting with { LastSeen = at > sighting.LastSeen ? at : sighting.LastSeen };
            }

            changes++;
            closedOnly++;
            return sightings[key] = new ListenerSighting(at, at, ClosedOnly: true);
        }
    }

    /// <summary>Forgets a listener at once (a client's socket in the ephemeral range that a scan happened to see).</summary>
    public void Forget(ListenerKey key)
    {
        lock (gate)
        {
            Remove(key);
        }
    }

    /// <summary>
    /// Keeps the record within <paramref name="limit"/>, at the end of a scan at <paramref name="now"/>: beyond its
    /// closed capacity, listeners known only from destroy events are forgotten; beyond its capacity, listeners not
    /// seen now, those known only from destroy events first. Those that would page go last, the least recently seen
    /// first. Costs nothing while the record fits.
    /// </summary>
    public void Trim(RecordLimit limit, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(limit);
        lock (gate)
        {
            if (limit.ClosedCapacity > 0 && closedOnly > limit.ClosedCapacity)
            {
                Evict(sightings.Where(s => s.Value.ClosedOnly), closedOnly - limit.ClosedCapacity, limit);
            }

            if (limit.Capacity > 0 && sightings.Count > limit.Capacity)
            {
                Evict(sightings.Where(s => s.Value.LastSeen < now), sightings.Count - limit.Capacity, limit);
            }
        }
    }

    // Called under the lock, rarely (a flood): sorts what may go and forgets the first until the record fits.
    private void Evict(IEnumerable<KeyValuePair<ListenerKey, ListenerSighting>> candidates, int count, RecordLimit limit)
    {
        var gone = candidates
            .Select(s => (s.Key, KeepFirst: limit.KeepFirst(s.Key), s.Value.ClosedOnly, s.Value.LastSeen))
            .OrderBy(c => c.KeepFirst).ThenBy(c => !c.ClosedOnly).ThenBy(c => c.LastSeen)
            .Take(count)
            .Select(c => c.Key)
            .ToList();
        foreach (var key in gone)
        {
            Remove(key);
        }

        Interlocked.Add(ref evicted, gone.Count);
    }

    // Called under the lock.
    private void Remove(ListenerKey key)
    {
        if (sightings.Remove(key, out var sighting))
        {
            changes++;
            closedOnly -= sighting.ClosedOnly ? 1 : 0;
        }
    }

    /// <summary>The record as it is now, for a save.</summary>
    public HistorySnapshot Snapshot()
    {
        lock (gate)
        {
            var (packetSockets, packetChanges) = PacketSockets.Snapshot();
            return new HistorySnapshot(Baseline, new Dictionary<ListenerKey, ListenerSighting>(sightings), changes) { PacketSockets = packetSockets, PacketChanges = packetChanges };
        }
    }

    /// <summary>Notes that <paramref name="snapshot"/> is on disk: changes made after it was taken stay unsaved.</summary>
    public void MarkSaved(HistorySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (gate)
        {
            savedChanges = Math.Max(savedChanges, snapshot.Changes);
        }

        PacketSockets.MarkSaved(snapshot.PacketChanges);
    }
}

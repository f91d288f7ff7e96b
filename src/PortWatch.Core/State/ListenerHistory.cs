using System.Runtime.InteropServices;
using PortWatch.Sockets;

namespace PortWatch.State;

/// <summary>
/// The first-seen record of SPEC section 8. On a start with no record, everything listening at the first scan
/// is the baseline; a listener first seen after the baseline is new. Listeners not seen for
/// <see cref="StateOptions.ForgetAfter"/> are forgotten, so that ephemeral UDP ports cannot grow the record
/// without bound; one that comes back after that is new again. Scans change it and saves read it from
/// different threads: both go through a lock, and a save works on a <see cref="Snapshot"/>.
/// </summary>
internal sealed class ListenerHistory
{
    private readonly Lock gate = new();
    private readonly Dictionary<ListenerKey, ListenerSighting> sightings;
    private long changes;
    private long savedChanges;
    private DateTimeOffset lastForgetting = DateTimeOffset.MinValue;

    public ListenerHistory(DateTimeOffset? baseline = null, IEnumerable<KeyValuePair<ListenerKey, ListenerSighting>>? sightings = null)
    {
        Baseline = baseline;
        this.sightings = sightings is null ? [] : new Dictionary<ListenerKey, ListenerSighting>(sightings);
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

    /// <summary>True when listeners were added or forgotten (or the baseline set) since the record was last saved.</summary>
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
                sighting = new ListenerSighting(known ? sighting.FirstSeen : now, now);
                changes += known ? 0 : 1;
            }

            if (forgetAfter > TimeSpan.Zero && now - lastForgetting >= TimeSpan.FromMinutes(1))
            {
                lastForgetting = now;
                foreach (var (key, _) in sightings.Where(s => now - s.Value.LastSeen > forgetAfter).ToList())
                {
                    sightings.Remove(key);
                    changes++;
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
            return sightings[key] = new ListenerSighting(at, at);
        }
    }

    /// <summary>Forgets a listener at once (a client's socket in the ephemeral range that a scan happened to see).</summary>
    public void Forget(ListenerKey key)
    {
        lock (gate)
        {
            if (sightings.Remove(key))
            {
                changes++;
            }
        }
    }

    /// <summary>The record as it is now, for a save.</summary>
    public HistorySnapshot Snapshot()
    {
        lock (gate)
        {
            return new HistorySnapshot(Baseline, new Dictionary<ListenerKey, ListenerSighting>(sightings), changes);
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
    }
}

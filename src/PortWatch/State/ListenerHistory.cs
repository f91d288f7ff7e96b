using PortWatch.Sockets;

namespace PortWatch.State;

/// <summary>
/// The first-seen record of SPEC section 8. On a start with no record, everything listening at the first scan
/// is the baseline; a listener first seen after the baseline is new. Listeners not seen for
/// <see cref="StateOptions.ForgetAfter"/> are forgotten, so that ephemeral UDP ports cannot grow the record
/// without bound; one that comes back after that is new again.
/// </summary>
internal sealed class ListenerHistory
{
    private readonly Dictionary<ListenerKey, ListenerSighting> sightings;

    public ListenerHistory(DateTimeOffset? baseline = null, IEnumerable<KeyValuePair<ListenerKey, ListenerSighting>>? sightings = null)
    {
        Baseline = baseline;
        this.sightings = sightings is null ? [] : new Dictionary<ListenerKey, ListenerSighting>(sightings);
    }

    /// <summary>When the record began: the first scan of the first start. Null before that scan.</summary>
    public DateTimeOffset? Baseline { get; private set; }

    /// <summary>True when listeners were added or forgotten since the record was last saved.</summary>
    public bool HasNewEntries { get; private set; }

    public IReadOnlyDictionary<ListenerKey, ListenerSighting> Sightings => sightings;

    /// <summary>Records a scan that saw <paramref name="current"/> at <paramref name="now"/>.</summary>
    public void Observe(IEnumerable<ListenerKey> current, DateTimeOffset now, TimeSpan forgetAfter)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (Baseline is null)
        {
            Baseline = now;
            HasNewEntries = true;
        }

        foreach (var key in current)
        {
            var isNew = !sightings.TryGetValue(key, out var sighting);
            sightings[key] = new ListenerSighting(sighting?.FirstSeen ?? now, now);
            HasNewEntries |= isNew;
        }

        if (forgetAfter > TimeSpan.Zero)
        {
            foreach (var (key, sighting) in sightings.Where(s => now - s.Value.LastSeen > forgetAfter).ToList())
            {
                sightings.Remove(key);
                HasNewEntries = true;
            }
        }
    }

    public void MarkSaved() => HasNewEntries = false;
}

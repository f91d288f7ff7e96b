using PortWatch.Listeners;

namespace PortWatch.Exposition;

/// <summary>
/// The per-listener families, one series a listener, with labels from <see cref="ListenerLabels"/>. The one part
/// of the exposition PortWatch renders itself: it is rendered once a change and shared by every scrape
/// (docs/benchmarks.md says why the metrics library does not render it).
/// </summary>
internal static class ListenerFamilies
{
    public const string Served = " Scans run on the exporter's own interval; a scrape serves the latest scan.";

    /// <summary>The families of <paramref name="listeners"/>; last-seen has a series a closed listener only.</summary>
    public static IReadOnlyList<MetricFamily> Build(IReadOnlyList<Listener> listeners)
    {
        ArgumentNullException.ThrowIfNull(listeners);
        var infoNames = ListenerLabels.Info.Select(l => l.Name).ToArray();
        var identityNames = ListenerLabels.Identity.Select(l => l.Name).ToArray();
        var info = new MetricFamily(
            MetricNames.ListenerInfo,
            "A listening socket (TCP in LISTEN, UDP bound and unconnected) with its IANA classification, owning processes and whether it is expected." + Served,
            infoNames);
        var firstSeen = new MetricFamily(
            MetricNames.ListenerFirstSeen,
            "Unix time this exporter first saw the listener; later than portwatch_baseline_timestamp_seconds means new." + Served,
            identityNames);
        var lastSeen = new MetricFamily(
            MetricNames.ListenerLastSeen,
            "Unix time a closed listener was last seen open (its destroy event, or the last scan that saw it); closed listeners stay for --scan.retention, open ones have no series." + Served,
            identityNames);

        foreach (var listener in listeners)
        {
            var identity = ListenerLabels.Identity.Select(l => l.Value(listener)).ToArray();
            info.Add(1, [.. ListenerLabels.Info.Select(l => l.Value(listener))]);
            firstSeen.Add(listener.FirstSeen.ToUnixSeconds(), identity);
            if (!listener.IsOpen)
            {
                lastSeen.Add(listener.LastSeen.ToUnixSeconds(), identity);
            }
        }

        return [firstSeen, info, lastSeen];
    }
}

using PortWatch.Listeners;
using PortWatch.Registry;
using PortWatch.Scanning;
using PortWatch.Sockets;
using Prometheus;

namespace PortWatch.Exposition;

/// <summary>
/// The listeners of the published scan counted by protocol, range and IANA status, the baseline, and what
/// scan.max-listeners left out of the series. Set as scans are published.
/// </summary>
internal sealed class ListenersCollector(ScanOptions options) : IExporterCollector
{
    private Gauge listeners = null!;
    private Gauge baseline = null!;
    private Gauge listenersDropped = null!;
    private Counter listenerDrops = null!;
    private long talliedVersion;
    private HashSet<ListenerKey> lastDropped = [];

    public void Register(MetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        listeners = factory.CreateGauge(
            MetricNames.Listeners,
            "Listeners by protocol, port range and IANA status (closed ones still retained included)." + ListenerFamilies.Served,
            "protocol", "range", "iana_status");
        baseline = factory.CreateGauge(
            MetricNames.Baseline,
            "Unix time this exporter's first-seen record began: listeners already there then are the baseline, not new.",
            new GaugeConfiguration { SuppressInitialValue = true });
        factory.CreateGauge(
            MetricNames.ListenersLimit,
            "The most listeners that get series and rows on the landing page (scan.max-listeners); 0 for no limit.")
            .Set(options.MaxListeners);
        listenersDropped = factory.CreateGauge(
            MetricNames.ListenersDropped,
            "Listeners of the last scan left out of the listener series by scan.max-listeners, by class: pages, unexpected, expected (kept in that order). portwatch_listeners counts them; portwatch list prints them.",
            "class");
        listenerDrops = factory.CreateCounter(
            MetricNames.ListenerDrops,
            "Listeners left out of the listener series by scan.max-listeners, by class, each counted when it begins to be left out.",
            "class");
        foreach (var listenerClass in ListenerLimit.Classes)
        {
            listenersDropped.WithLabels(listenerClass.ToLabel()).Set(0);
            listenerDrops.WithLabels(listenerClass.ToLabel());
        }
    }

    public void Update()
    {
        // Set as scans are published.
    }

    /// <summary>Records the listeners now served: the baseline, and the counts when they changed.</summary>
    public void RecordPublished(ScanResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Baseline is { } start)
        {
            baseline.Set(start.ToUnixSeconds());
        }

        if (talliedVersion == result.Version && talliedVersion != 0)
        {
            return; // The same listeners as the counts already say.
        }

        talliedVersion = result.Version;
        var tally = result.Listeners
            .GroupBy(l => (l.Key.Protocol, l.Classification.Range, l.Classification.Status))
            .ToDictionary(g => g.Key, g => g.Count());
        foreach (var protocol in options.Protocols.Order())
        {
            foreach (var range in RegistryLabels.Ranges)
            {
                foreach (var status in RegistryLabels.Statuses)
                {
                    listeners.WithLabels(protocol.ToLabel(), range.ToLabel(), status.ToLabel()).Set(tally.GetValueOrDefault((protocol, range, status)));
                }
            }
        }
    }

    /// <summary>Records what scan.max-listeners left out of the series now published.</summary>
    public void RecordSelection(ListenerSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        foreach (var (listenerClass, count) in selection.DroppedByClass)
        {
            listenersDropped.WithLabels(listenerClass.ToLabel()).Set(count);
        }

        // Each listener counts once when it begins to be left out, not once a scan while it stays out.
        var dropped = new HashSet<ListenerKey>(selection.Dropped.Count);
        var begun = new int[ListenerLimit.Classes.Count];
        foreach (var listener in selection.Dropped)
        {
            dropped.Add(listener.Key);
            if (!lastDropped.Contains(listener.Key))
            {
                begun[(int)ListenerLimit.ClassOf(listener)]++;
            }
        }

        foreach (var listenerClass in ListenerLimit.Classes)
        {
            listenerDrops.WithLabels(listenerClass.ToLabel()).Inc(begun[(int)listenerClass]);
        }

        lastDropped = dropped;
    }
}

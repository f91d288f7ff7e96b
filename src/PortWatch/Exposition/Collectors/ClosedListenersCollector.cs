using PortWatch.Listeners;
using Prometheus;

namespace PortWatch.Exposition;

/// <summary>
/// The closed listeners' limit and what it left out, and the first-seen record's size and early evictions; read at
/// each scrape.
/// </summary>
/// <param name="max">scan.max-closed-listeners.</param>
/// <param name="dropped">Closed listeners left out since the start, by class.</param>
/// <param name="records">Listeners in the first-seen record, and those it forgot early.</param>
internal sealed class ClosedListenersCollector(
    int max,
    Func<IReadOnlyDictionary<ListenerClass, long>> dropped,
    Func<(int Count, long Evicted)> records) : IExporterCollector
{
    private Counter droppedCounter = null!;
    private Gauge recordsGauge = null!;
    private Counter evicted = null!;

    public void Register(MetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        factory.CreateGauge(MetricNames.ClosedListenersLimit, "The most closed listeners kept for scan.retention and recorded from socket-destroy events (scan.max-closed-listeners); 0 for no limit.")
            .Set(max);
        droppedCounter = factory.CreateCounter(
            MetricNames.ClosedListenersDropped,
            "Closed listeners left out by scan.max-closed-listeners (not kept for scan.retention, and not recorded when known only from their destroy event), by class: pages, unexpected, expected (kept in that order).",
            "class");
        recordsGauge = factory.CreateGauge(MetricNames.StateListeners, "Listeners in the first-seen record (what --state.file holds).");
        evicted = factory.CreateCounter(
            MetricNames.StateListenersEvicted,
            "Listeners forgotten before state.forget-after to keep the first-seen record within scan.max-listeners + scan.max-closed-listeners records (those known only from destroy events first, those that would page last).");
        foreach (var listenerClass in ListenerLimit.Classes)
        {
            droppedCounter.WithLabels(listenerClass.ToLabel());
        }
    }

    public void Update()
    {
        foreach (var (listenerClass, count) in dropped())
        {
            droppedCounter.WithLabels(listenerClass.ToLabel()).IncTo(count);
        }

        var (held, forgotten) = records();
        recordsGauge.Set(held);
        evicted.IncTo(forgotten);
    }
}

using PortWatch.Sockets;
using Prometheus;

namespace PortWatch.Exposition;

/// <summary>
/// The kernel's socket-destroy events: whether they are heard, filtered in the kernel, and what they carried and lost;
/// read at each scrape. Without them (scan.method procfs, or the kernel refused) only the enabled gauge, at 0.
/// </summary>
internal sealed class DestroyEventsCollector(ClosedSockets? closed) : IExporterCollector
{
    private Gauge? filtered;
    private Counter? received;
    private Counter? kept;
    private Counter? overruns;
    private Counter? dropped;

    public void Register(MetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        factory.CreateGauge(
            MetricNames.DestroyEventsEnabled,
            "1 when the kernel's socket-destroy events are heard, so that a listener that opens and closes between two scans is still recorded; 0 when not (scan.method procfs, or the kernel refused).")
            .Set(closed?.Available == true ? 1 : 0);
        if (closed is null)
        {
            return;
        }

        filtered = factory.CreateGauge(MetricNames.DestroyEventsFiltered, "1 when the kernel filters destroy events (a BPF filter drops every socket that cannot have been a listener before it reaches the exporter).");
        received = factory.CreateCounter(MetricNames.DestroyEventsReceived, "Socket-destroy messages the exporter read (after the kernel's filter).");
        kept = factory.CreateCounter(MetricNames.DestroyEventsListeners, "Destroyed sockets that were listeners (no peer, a port outside the ephemeral range).");
        overruns = factory.CreateCounter(MetricNames.DestroyEventsOverruns, "Times the kernel dropped destroy messages because the exporter's receive buffer was full.");
        dropped = factory.CreateCounter(MetricNames.DestroyEventsDropped, "Closed listeners dropped because too many waited for a scan.");
    }

    public void Update()
    {
        if (closed is null)
        {
            return;
        }

        filtered!.Set(closed.Filtered ? 1 : 0);
        received!.IncTo(closed.Received);
        kept!.IncTo(closed.Kept);
        overruns!.IncTo(closed.Overruns);
        dropped!.IncTo(closed.Dropped);
    }
}

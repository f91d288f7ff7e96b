using PortWatch.Openers;
using PortWatch.Tracing;
using Prometheus;

namespace PortWatch.Exposition;

/// <summary>The eBPF tracer's families: whether it runs and why, and what its ring buffer carried and lost, read at each scrape.</summary>
internal sealed class TracerCollector(OpenedListeners openers) : IExporterCollector
{
    /// <summary>The kinds <c>portwatch_tracer_events_total</c> counts.</summary>
    private static readonly TraceKind[] Kinds = [TraceKind.TcpListen, TraceKind.UdpBind, TraceKind.Raw];

    private (TraceKind Kind, Counter.Child Child)[] kinds = [];
    private Counter? lost;
    private Counter? dropped;

    public void Register(MetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        factory.CreateGauge(
            MetricNames.TracerInfo,
            "Whether the eBPF tracer names each listener's process the moment it opens: mode ebpf, or none with the reason (--scan.tracer=none, a missing right, a kernel without BTF, libbpf1 not installed, the kernel refused).",
            "mode",
            "reason")
            .WithLabels(openers.Mode, openers.Reason).Set(1);
        if (!openers.Running)
        {
            return;
        }

        var events = factory.CreateCounter(MetricNames.TracerEvents, "Events the tracer read, by kind: tcp_listen, udp_bind, raw.", "kind");
        lost = factory.CreateCounter(MetricNames.TracerEventsLost, "Events the kernel dropped because the tracer's ring buffer was full (each loss triggers a scan).");
        dropped = factory.CreateCounter(MetricNames.TracerEventsDropped, "Events dropped because too many waited for a scan.");
        kinds = [.. Kinds.Select(kind => (kind, events.WithLabels(kind.ToLabel())))];
    }

    public void Update()
    {
        if (lost is null || dropped is null)
        {
            return;
        }

        foreach (var (kind, child) in kinds)
        {
            child.IncTo(openers.Events(kind));
        }

        lost.IncTo(openers.Lost);
        dropped.IncTo(openers.Dropped);
    }
}

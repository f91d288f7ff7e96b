using PortWatch.Openers;
using PortWatch.Tracing;
using Prometheus;

namespace PortWatch.Exposition;

/// <summary>The eBPF tracer's families: whether it runs and why, and what its ring buffer carried and lost, read at each scrape.</summary>
internal static class TracerMetrics
{
    public static void Track(CollectorRegistry registry, OpenedListeners openers)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(openers);
        var factory = Metrics.WithCustomRegistry(registry);
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
        var lost = factory.CreateCounter(MetricNames.TracerEventsLost, "Events the kernel dropped because the tracer's ring buffer was full (each loss triggers a scan).");
        var dropped = factory.CreateCounter(MetricNames.TracerEventsDropped, "Events dropped because too many waited for a scan.");
        var kinds = new (TraceKind Kind, Counter.Child Child)[]
        {
            (TraceKind.TcpListen, events.WithLabels("tcp_listen")),
            (TraceKind.UdpBind, events.WithLabels("udp_bind")),
            (TraceKind.Raw, events.WithLabels("raw")),
        };
        registry.AddBeforeCollectCallback(() =>
        {
            foreach (var (kind, child) in kinds)
            {
                child.IncTo(openers.Events(kind));
            }

            lost.IncTo(openers.Lost);
            dropped.IncTo(openers.Dropped);
        });
    }
}

using PortWatch.Scanning;
using PortWatch.Sockets;
using Prometheus;

namespace PortWatch.Exposition;

/// <summary>
/// The network namespaces scanned: which were asked for and how the others are read, those read, left out and failed,
/// and those whose destroy events are heard; read at each scrape.
/// </summary>
/// <param name="namespaces">The namespaces read, and how.</param>
/// <param name="requested">What <c>--scan.namespaces</c> asked for.</param>
/// <param name="closed">The destroy events, when heard.</param>
internal sealed class NamespacesCollector(NamespacedSocketSource namespaces, NamespaceMode requested, ClosedSockets? closed) : IExporterCollector
{
    private Gauge read = null!;
    private Gauge leftOut = null!;
    private Counter errors = null!;
    private Gauge followed = null!;

    public void Register(MetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        factory.CreateGauge(
            MetricNames.ScanNamespaces,
            "Which network namespaces are scanned: requested (all or host, --scan.namespaces) and access, how the others are read: netlink (setns, CAP_SYS_ADMIN, with destroy events), procfs (their /proc/<pid>/net tables, no destroy events) or none (only the exporter's own; seeing others needs root or CAP_SYS_PTRACE).",
            "requested",
            "access")
            .WithLabels(requested.ToLabel(), namespaces.Access.ToLabel()).Set(1);
        read = factory.CreateGauge(MetricNames.NetworkNamespaces, "Network namespaces the last scan read, the exporter's own included.");
        leftOut = factory.CreateGauge(MetricNames.NetworkNamespacesLeftOut, "Network namespaces the last scan found and did not read: more exist than scan.max-namespaces.");
        factory.CreateGauge(MetricNames.NetworkNamespacesLimit, "The most network namespaces a scan reads, the exporter's own included (scan.max-namespaces); 0 for no limit.")
            .Set(namespaces.MaxNamespaces);
        errors = factory.CreateCounter(MetricNames.NetworkNamespaceErrors, "Reads of a network namespace that failed (its last process exited mid-scan, setns refused); the others were still read.");
        followed = factory.CreateGauge(MetricNames.DestroyEventsNamespaces, "Network namespaces other than the exporter's whose socket-destroy events are heard.");
    }

    public void Update()
    {
        read.Set(namespaces.NamespacesRead);
        leftOut.Set(namespaces.NamespacesLeftOut);
        errors.IncTo(namespaces.NamespaceErrors);
        followed.Set(closed?.NamespacesFollowed ?? 0);
    }
}

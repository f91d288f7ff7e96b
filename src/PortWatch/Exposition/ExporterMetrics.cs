using Prometheus;

namespace PortWatch.Exposition;

/// <summary>
/// The exporter's own metrics, kept by prometheus-net in a registry of their own: the families of every collector
/// (<see cref="IExporterCollector"/>), in the order they are added, and the standard <c>process_*</c> and
/// <c>dotnet_*</c> families rendered apart (<see cref="ProcessExposition"/>). Read by every scrape.
/// </summary>
internal sealed class ExporterMetrics
{
    private readonly MetricFactory factory;

    /// <param name="collectors">The collectors known when the exporter is wired, in the order of their families.</param>
    /// <param name="process">The process, runtime and build families; null without them (golden files, whose bytes must not depend on the machine).</param>
    public ExporterMetrics(IEnumerable<IExporterCollector> collectors, ProcessExposition? process = null)
    {
        ArgumentNullException.ThrowIfNull(collectors);
        Registry = Metrics.NewCustomRegistry();
        factory = Metrics.WithCustomRegistry(Registry);
        Process = process;
        foreach (var collector in collectors)
        {
            Add(collector);
        }
    }

    public CollectorRegistry Registry { get; }

    /// <summary>The process, runtime and build families, rendered apart (<see cref="ProcessExposition"/>); null without them.</summary>
    public ProcessExposition? Process { get; }

    /// <summary>Adds a collector's families after those already there; it is updated before each scrape.</summary>
    public void Add(IExporterCollector collector)
    {
        ArgumentNullException.ThrowIfNull(collector);
        collector.Register(factory);
        Registry.AddBeforeCollectCallback(collector.Update);
    }
}

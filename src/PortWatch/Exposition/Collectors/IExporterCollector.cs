using Prometheus;

namespace PortWatch.Exposition;

/// <summary>
/// The metrics of one subsystem, as node_exporter's collectors are: the collector creates its families once and
/// keeps them up to date from what it was given (a scan result, a counter source), never from the scanner itself.
/// Registered through <c>AddExporterCollector</c>; <see cref="ExporterMetrics"/> holds them in one registry.
/// </summary>
internal interface IExporterCollector
{
    /// <summary>Creates the families in the exporter's registry and sets what never changes; called once.</summary>
    void Register(MetricFactory factory);

    /// <summary>Reads the sources the collector reports into its families; called before each scrape.</summary>
    void Update();
}

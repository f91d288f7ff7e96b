using PortWatch.Scanning;
using Prometheus;

namespace PortWatch.Exposition;

/// <summary>How sockets are enumerated: the method the scanner settled on at its start.</summary>
internal sealed class ScanMethodCollector(ScanMethod method) : IExporterCollector
{
    public void Register(MetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        factory.CreateGauge(MetricNames.ScanMethod, "How sockets are enumerated: netlink (sock_diag) or procfs (/proc/net tables).", "method")
            .WithLabels(method.ToLabel()).Set(1);
    }

    public void Update()
    {
        // Constant for the exporter's life.
    }
}

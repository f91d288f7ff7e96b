using PortWatch.Scanning;
using Prometheus;

namespace PortWatch.Exposition;

/// <summary>Listeners known only from their socket-destroy event, counted as scans record them.</summary>
internal sealed class ShortLivedCollector : IExporterCollector
{
    private Counter shortLived = null!;

    public void Register(MetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        shortLived = factory.CreateCounter(MetricNames.ShortLivedListeners, "Listeners no scan saw open, recorded from their socket-destroy event: they opened and closed between two scans.");
    }

    public void Update()
    {
        // Counted as scans are recorded.
    }

    public void RecordScan(ScanResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        shortLived.Inc(result.ShortLived?.Count ?? 0);
    }
}

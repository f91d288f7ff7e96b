using Microsoft.Extensions.DependencyInjection;
using PortWatch.Exposition;
using PortWatch.Registry;
using PortWatch.Scanning;

namespace PortWatch.Tests.TestSupport;

/// <summary>
/// The exporter's metrics registered as the host registers them, with the collectors the scan loop feeds (registry,
/// listeners, scan, state, short-lived listeners), in their order; and those collectors, to feed them.
/// </summary>
internal sealed class TestMetrics
{
    public TestMetrics(ScanOptions options, PortRegistry registry, bool withProcess = false)
    {
        var provider = new ServiceCollection()
            .AddSingleton(options)
            .AddSingleton(registry)
            .AddExporterMetrics(withProcess)
            .AddRegistryMetrics()
            .AddListenerMetrics()
            .AddScanMetrics()
            .AddStateMetrics()
            .AddSocketMetrics()
            .BuildServiceProvider();
        Metrics = provider.GetRequiredService<ExporterMetrics>();
        Scan = provider.GetRequiredService<ScanCollector>();
        Listeners = provider.GetRequiredService<ListenersCollector>();
        State = provider.GetRequiredService<StateCollector>();
        ShortLived = provider.GetRequiredService<ShortLivedCollector>();
    }

    public ExporterMetrics Metrics { get; }

    public ScanCollector Scan { get; }

    public ListenersCollector Listeners { get; }

    public StateCollector State { get; }

    public ShortLivedCollector ShortLived { get; }
}

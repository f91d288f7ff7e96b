using BenchmarkDotNet.Attributes;
using PortWatch.Exposition;
using PortWatch.Listeners;
using Prometheus;

namespace PortWatch.Benchmarks;

/// <summary>
/// What one scrape of the listener families costs, side by side in one run: the metrics library holding one
/// labelled gauge child a listener (every label of portwatch_listener_info, and the first-seen family) and
/// rendering them on each scrape, against PortWatch's families rendered once a change and copied by each scrape.
/// docs/benchmarks.md records the figures and the choice they led to.
/// </summary>
[MemoryDiagnoser]
public class ScrapeBenchmarks
{
    private CollectorRegistry? library;
    private ListenerExposition? prebuilt;
    private readonly MemoryStream output = new(16 << 20);
    private List<Listener> listeners = [];

    [Params(1000, 10000)]
    public int Listeners { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        listeners = SyntheticListeners.Make(Listeners);
        library = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(library);
        var info = factory.CreateGauge(MetricNames.ListenerInfo, "A listening socket.", [.. ListenerLabels.Info.Select(l => l.Name)]);
        var firstSeen = factory.CreateGauge(MetricNames.ListenerFirstSeen, "First seen.", [.. ListenerLabels.Identity.Select(l => l.Name)]);
        foreach (var listener in listeners)
        {
            info.WithLabels([.. ListenerLabels.Info.Select(l => l.Value(listener))]).Set(1);
            firstSeen.WithLabels([.. ListenerLabels.Identity.Select(l => l.Value(listener))]).Set(listener.FirstSeen.ToUnixSeconds());
        }

        prebuilt = ListenerExposition.Build(listeners);
    }

    // Both write into one reused in-memory buffer, as a response writes into the socket's: the library renders
    // and copies, PortWatch copies.
    [Benchmark(Baseline = true, Description = "scrape: prometheus-net renders labelled gauges")]
    public long LibraryRendersEachScrape()
    {
        output.Position = 0;
        library!.CollectAndExportAsTextAsync(output, ExpositionFormat.PrometheusText).GetAwaiter().GetResult();
        return output.Position;
    }

    [Benchmark(Description = "scrape: write PortWatch's pre-rendered families")]
    public long WritePrebuilt()
    {
        output.Position = 0;
        output.WriteAsync(prebuilt!.Get(ExpositionFormat.PrometheusText)).AsTask().GetAwaiter().GetResult();
        return output.Position;
    }

    [Benchmark(Description = "per change: PortWatch renders the families (both formats)")]
    public int RenderOnChange() => ListenerExposition.Build(listeners).Get(ExpositionFormat.PrometheusText).Length;
}

using BenchmarkDotNet.Attributes;
using PortWatch.Exposition;
using PortWatch.Registry;
using PortWatch.Scanning;
using PortWatch.State;

namespace PortWatch.Benchmarks;

/// <summary>The expose stage (rendering every listener family) and a scrape's composition, for 1,000 listeners.</summary>
[MemoryDiagnoser]
public class ExpositionBenchmarks
{
    private Listeners? listeners;
    private ScanResult? result;
    private readonly ScanOptions options = new();
    private List<RenderedFamily> families = [];

    [GlobalSetup]
    public void Setup()
    {
        listeners = new Listeners(1000);
        var scanner = ScannerFactory.Create(options, new StateOptions(), RegistryLoader.LoadEmbedded(), new ListenerHistory(), TimeProvider.System);
        result = scanner.Scan();
        families = [.. ListenerFamilies.Build(result, options).Select(RenderedFamily.Of)];
    }

    [GlobalCleanup]
    public void Cleanup() => listeners?.Dispose();

    [Benchmark(Description = "expose: render listener families")]
    public int Render() => ListenerFamilies.Build(result!, options).Select(RenderedFamily.Of).Sum(f => f.Utf8.Length);

    [Benchmark(Description = "scrape: compose rendered families")]
    public int Compose() => ExpositionComposer.Compose(families).Length;
}

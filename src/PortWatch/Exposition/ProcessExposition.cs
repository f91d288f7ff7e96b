using System.Text;
using PortWatch.Processes;
using PortWatch.Versioning;
using Prometheus;

namespace PortWatch.Exposition;

/// <summary>
/// The families that describe the exporter's own process and runtime: prometheus-net's (<c>process_*</c> named
/// after .NET's <c>Process</c> class, <c>dotnet_*</c>), the three names Prometheus's own clients use that it does not
/// give (<c>process_resident_memory_bytes</c>, <c>process_open_fds</c>, <c>process_max_fds</c>), and the build. They
/// live in a registry of their own, rendered by the library's export API at most once a second and shared by the
/// scrapes of that second: reading them walks /proc/self (every thread, every descriptor), which under a storm of
/// scrapes would cost more than the scrapes themselves (docs/benchmarks.md).
/// </summary>
internal sealed class ProcessExposition
{
    private static readonly TimeSpan MaximumAge = TimeSpan.FromSeconds(1);
    private static readonly byte[] OpenMetricsEnd = "# EOF\n"u8.ToArray();

    private readonly CollectorRegistry registry = Metrics.NewCustomRegistry();
    private readonly TimeProvider time;
    private readonly Gauge residentMemory;
    private readonly Gauge openFds;
    private readonly Gauge maxFds;
    private readonly Lock gate = new();
    private Rendered text = new([], DateTimeOffset.MinValue);
    private Rendered openMetrics = new([], DateTimeOffset.MinValue);

    public ProcessExposition(TimeProvider time)
    {
        this.time = time;
        DotNetStats.Register(registry);
        var factory = Metrics.WithCustomRegistry(registry);
        var later = new GaugeConfiguration { SuppressInitialValue = true };
        residentMemory = factory.CreateGauge(MetricNames.ProcessResidentMemory, "Resident memory size in bytes.", later);
        openFds = factory.CreateGauge(MetricNames.ProcessOpenFds, "Number of open file descriptors.", later);
        maxFds = factory.CreateGauge(MetricNames.ProcessMaxFds, "Maximum number of open file descriptors.", later);
        factory.CreateGauge(MetricNames.BuildInfo, "PortWatch's version, source revision and runtime.", "version", "revision", "runtime")
            .WithLabels(BuildInfo.Version, BuildInfo.Revision, BuildInfo.Runtime).Set(1);
        registry.AddBeforeCollectCallback(Update);
    }

    /// <summary>The families in <paramref name="format"/>, rendered at most a second ago; OpenMetrics without its end marker.</summary>
    public ReadOnlyMemory<byte> Get(ExpositionFormat format)
    {
        var now = time.GetUtcNow();
        var cached = format == ExpositionFormat.OpenMetricsText ? openMetrics : text;
        if (now - cached.At < MaximumAge)
        {
            return cached.Bytes;
        }

        lock (gate)
        {
            cached = format == ExpositionFormat.OpenMetricsText ? openMetrics : text;
            if (now - cached.At < MaximumAge)
            {
                return cached.Bytes;
            }

            using var output = new MemoryStream();
            registry.CollectAndExportAsTextAsync(output, format).GetAwaiter().GetResult();
            var bytes = output.ToArray();
            if (format == ExpositionFormat.OpenMetricsText && bytes.AsSpan().EndsWith(OpenMetricsEnd))
            {
                bytes = bytes[..^OpenMetricsEnd.Length];
            }

            cached = new Rendered(bytes, now);
            if (format == ExpositionFormat.OpenMetricsText)
            {
                openMetrics = cached;
            }
            else
            {
                text = cached;
            }

            return cached.Bytes;
        }
    }

    /// <summary>The text form, for tests and tools.</summary>
    public override string ToString() => Encoding.UTF8.GetString(Get(ExpositionFormat.PrometheusText).Span);

    private void Update()
    {
        var stats = SelfProcessStats.Read();
        SetIfKnown(residentMemory, stats.ResidentBytes);
        SetIfKnown(openFds, stats.OpenFds);
        SetIfKnown(maxFds, stats.MaxFds);
    }

    private static void SetIfKnown(Gauge gauge, double? value)
    {
        if (value is { } known)
        {
            gauge.Set(known);
        }
    }

    private sealed record Rendered(byte[] Bytes, DateTimeOffset At);
}

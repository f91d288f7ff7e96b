using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using PortWatch.Exposition;
using PortWatch.Hosting;
using PortWatch.Scanning;
using PortWatch.State;
using PortWatch.TestSupport;

namespace PortWatch.Tests.TestSupport;

/// <summary>
/// The exporter's scanning parts wired as the host wires them, over a proc tree the test builds and a clock the
/// test moves: the real scanner, publisher, saver and scheduler, with loggers that keep what they are told.
/// </summary>
internal sealed class ExporterParts : IDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public ExporterParts(Action<ScanOptions, StateOptions>? configure = null)
    {
        Options = new ScanOptions { ProcFsPath = Proc.Path };
        configure?.Invoke(Options, StateOptions);
        var registry = TestRegistry.Small();
        Collectors = new TestMetrics(Options, registry);
        Scanner = ScannerFactory.Create(Options, StateOptions, registry, History, Time);
        Publisher = new ScanPublisher(Latest, Collectors.Scan, Collectors.Listeners, Collectors.ShortLived, Options, Time, PublisherLog);
        Saver = new StateSaver(StateOptions, History, Collectors.State, Time, NullLogger<StateSaver>.Instance);
        Lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        Scheduler = new ScanScheduler(Scanner, Publisher, Saver, Options, Time, Lifetime, NullLogger.Instance);
    }

    public FakeProcFs Proc { get; } = new();

    public TempDirectory Directory { get; } = new();

    public SteppingTimeProvider Time { get; } = new(T0);

    public ScanOptions Options { get; }

    public StateOptions StateOptions { get; } = new();

    public ListenerHistory History { get; } = new();

    public LatestScan Latest { get; } = new();

    public TestMetrics Collectors { get; }

    public ExporterMetrics Metrics => Collectors.Metrics;

    public Scanner Scanner { get; }

    public FakeLogger<ScanPublisher> PublisherLog { get; } = new(new FakeLogCollector());

    public ScanPublisher Publisher { get; }

    public StateSaver Saver { get; }

    public ApplicationLifetime Lifetime { get; }

    public ScanScheduler Scheduler { get; }

    /// <summary>The metrics as a scrape would serve them now.</summary>
    public string Scrape() => Latest.Current is { } published ? ExpositionText.Render(published.Exposition, Metrics) : ExpositionText.Render(Metrics);

    public double? Value(string series) => ExpositionText.Value(Scrape(), series);

    public void Dispose()
    {
        Scheduler.Dispose();
        Proc.Dispose();
        Directory.Dispose();
    }
}

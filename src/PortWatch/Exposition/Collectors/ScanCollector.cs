using PortWatch.Scanning;
using Prometheus;

namespace PortWatch.Exposition;

/// <summary>
/// Scan health: success, durations by stage, the last scan, the interval, scans and their errors by stage, the
/// socket-table lines skipped, process attribution. Set as scans are recorded and published.
/// </summary>
internal sealed class ScanCollector(ScanOptions options) : IExporterCollector
{
    /// <summary>The stage label of rendering a scan for scrapes, after the scan's own stages.</summary>
    public const string ExposeStage = "expose";

    private Gauge scanSuccess = null!;
    private Gauge scanDuration = null!;
    private Gauge stageDuration = null!;
    private Gauge lastScan = null!;
    private Gauge processesUnreadable = null!;
    private Counter scans = null!;
    private Counter scanErrors = null!;
    private Counter malformedLines = null!;

    /// <summary>The stage labels of the scan metrics: the scan's own stages, then <see cref="ExposeStage"/>.</summary>
    public static IReadOnlyList<string> StageLabels { get; } = [.. ScanStageLabels.All.Select(s => s.ToLabel()), ExposeStage];

    public void Register(MetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var later = new GaugeConfiguration { SuppressInitialValue = true };
        scanSuccess = factory.CreateGauge(MetricNames.ScanSuccess, "1 if the last scan succeeded, else 0.", later);
        scanDuration = factory.CreateGauge(MetricNames.ScanDuration, "Duration of the last scan in seconds, all stages.", later);
        stageDuration = factory.CreateGauge(MetricNames.ScanStageDuration, "Duration of each stage of the last scan in seconds.", "stage");
        lastScan = factory.CreateGauge(MetricNames.LastScan, "Unix time the last successful scan finished.", later);
        factory.CreateGauge(MetricNames.ScanInterval, "The configured interval between scans in seconds.").Set(options.Interval.TotalSeconds);
        scans = factory.CreateCounter(MetricNames.Scans, "Scans attempted.");
        scanErrors = factory.CreateCounter(MetricNames.ScanErrors, "Scans that failed, by the stage that failed.", "stage");
        foreach (var stage in StageLabels)
        {
            scanErrors.WithLabels(stage);
        }

        malformedLines = factory.CreateCounter(
            MetricNames.MalformedLines, "Lines of the kernel's socket tables that could not be parsed and were skipped, by table.", "file");
        factory.CreateGauge(MetricNames.AttributionEnabled, "1 when listeners are attributed to processes (scan.processes), else 0.")
            .Set(options.AttributeProcesses ? 1 : 0);
        processesUnreadable = factory.CreateGauge(
            MetricNames.ProcessesUnreadable,
            "Processes whose open files could not be read in the last scan; their listeners show process=\"unknown\". Run as root or with CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE.");
    }

    public void Update()
    {
        // Set as scans are recorded.
    }

    /// <summary>Counts a scan, whatever became of it.</summary>
    public void RecordScan(ScanResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        scans.Inc();
        if (result.FailedStage is { } stage)
        {
            scanErrors.WithLabels(stage.ToLabel()).Inc();
        }

        foreach (var (table, lines) in result.MalformedLines)
        {
            malformedLines.WithLabels(table).Inc(lines);
        }

        scanSuccess.Set(result.Success ? 1 : 0);
        scanDuration.Set(result.Duration.TotalSeconds);
        foreach (var (scanStage, duration) in result.StageDurations)
        {
            stageDuration.WithLabels(scanStage.ToLabel()).Set(duration.TotalSeconds);
        }

        processesUnreadable.Set(result.ProcessesUnreadable);
    }

    /// <summary>Records a scan whose listeners are now served: the expose stage, the duration with it, the last success.</summary>
    public void RecordPublished(ScanResult result, TimeSpan exposeDuration)
    {
        ArgumentNullException.ThrowIfNull(result);
        stageDuration.WithLabels(ExposeStage).Set(exposeDuration.TotalSeconds);
        scanDuration.Set((result.Duration + exposeDuration).TotalSeconds);
        if (result.LastSuccessAt is { } last)
        {
            lastScan.Set(last.ToUnixSeconds());
        }
    }

    public void RecordExposeFailure() => scanErrors.WithLabels(ExposeStage).Inc();
}

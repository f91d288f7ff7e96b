using PortWatch.Scanning;
using PortWatch.Sockets;

namespace PortWatch.Exposition;

/// <summary>The families that tell whether scanning works: success, durations, counters, attribution.</summary>
internal static class ScanFamilies
{
    public static IEnumerable<MetricFamily> Build(ScanResult result, ScanCounters counters, ScanOptions options, TimeSpan exposeDuration)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(options);
        yield return Single(MetricNames.ScanSuccess, "1 if the last scan succeeded, else 0.", result.Success ? 1 : 0);
        yield return Single(MetricNames.ScanDuration, "Duration of the last scan in seconds, all stages.", (result.Duration + exposeDuration).TotalSeconds);

        var stages = new MetricFamily(MetricNames.ScanStageDuration, MetricType.Gauge, "Duration of each stage of the last scan in seconds.", "stage");
        foreach (var (stage, duration) in result.StageDurations)
        {
            stages.Add(duration.TotalSeconds, stage.ToLabel());
        }

        if (result.Success)
        {
            stages.Add(exposeDuration.TotalSeconds, ScanStage.Expose.ToLabel());
        }

        yield return stages;

        if (result.LastSuccessAt is { } last)
        {
            yield return Single(MetricNames.LastScan, "Unix time the last successful scan finished.", last.ToUnixSeconds());
        }

        yield return Single(MetricNames.ScanInterval, "The configured interval between scans in seconds.", options.Interval.TotalSeconds);
        yield return new MetricFamily(MetricNames.Scans, MetricType.Counter, "Scans attempted.").Add(counters.Scans);

        var errors = new MetricFamily(MetricNames.ScanErrors, MetricType.Counter, "Scans that failed, by the stage that failed.", "stage");
        foreach (var (stage, count) in counters.ErrorsByStage)
        {
            errors.Add(count, stage.ToLabel());
        }

        yield return errors;

        var malformed = new MetricFamily(
            MetricNames.MalformedLines,
            MetricType.Counter,
            "Lines of the kernel's socket tables that could not be parsed and were skipped, by table.",
            "file");
        foreach (var table in SocketTableFile.All.Where(t => options.Protocols.Contains(t.Protocol) && !result.MissingTables.Contains(t.RelativePath)))
        {
            malformed.Add(counters.MalformedLines.GetValueOrDefault(table.RelativePath), table.RelativePath);
        }

        yield return malformed;
        yield return Single(
            MetricNames.AttributionEnabled,
            "1 when listeners are attributed to processes (scan.processes), else 0.",
            options.AttributeProcesses ? 1 : 0);
        yield return Single(
            MetricNames.ProcessesUnreadable,
            "Processes whose open files could not be read in the last scan; their listeners show process=\"unknown\". Run as root or with CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE.",
            result.ProcessesUnreadable);
        yield return new MetricFamily(MetricNames.StateWriteErrors, MetricType.Counter, "Failed writes of the state file.").Add(counters.StateWriteErrors);
    }

    private static MetricFamily Single(string name, string help, double value) =>
        new MetricFamily(name, MetricType.Gauge, help).Add(value);
}

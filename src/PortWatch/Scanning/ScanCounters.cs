namespace PortWatch.Scanning;

/// <summary>The running totals behind the scan counters: scans, failures by stage, skipped lines by table.</summary>
internal sealed class ScanCounters
{
    private readonly Dictionary<ScanStage, long> errors = ScanStageLabels.All.ToDictionary(s => s, _ => 0L);
    private readonly Dictionary<string, long> malformed = new(StringComparer.Ordinal);

    public long Scans { get; private set; }

    public IReadOnlyDictionary<ScanStage, long> ErrorsByStage => errors;

    /// <summary>Lines skipped, by socket table; a table appears once it has been read.</summary>
    public IReadOnlyDictionary<string, long> MalformedLines => malformed;

    public void Record(ScanResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Scans++;
        if (result.FailedStage is { } stage)
        {
            errors[stage]++;
        }

        foreach (var (table, lines) in result.MalformedLines)
        {
            malformed[table] = malformed.GetValueOrDefault(table) + lines;
        }
    }

    /// <summary>Failed writes of the state file.</summary>
    public long StateWriteErrors { get; private set; }

    public void RecordExposeFailure() => errors[ScanStage.Expose]++;

    public void RecordStateWriteFailure() => StateWriteErrors++;
}

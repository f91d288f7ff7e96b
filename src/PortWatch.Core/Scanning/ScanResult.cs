using PortWatch.Listeners;
using PortWatch.PacketSockets;

namespace PortWatch.Scanning;

/// <summary>
/// What one scan found. A failed scan carries the listeners of the last successful one, so that consumers
/// always have a listener set to show, and says which stage failed and why.
/// </summary>
/// <param name="Listeners">Sorted by protocol, port, family and address.</param>
/// <param name="Baseline">When the first-seen record began (portwatch_baseline_timestamp_seconds).</param>
/// <param name="LastSuccessAt">When the last successful scan finished; null before the first.</param>
/// <param name="MalformedLines">Lines this scan skipped, by socket table.</param>
/// <param name="ProcessesUnreadable">Processes whose descriptors could not be read (no permission).</param>
/// <param name="Exception">What failed the scan, with its stack; null when it succeeded.</param>
/// <param name="ShortLived">Listeners this scan recorded from destroy events alone: they opened and closed since the last scan.</param>
/// <param name="Version">Changes when the listeners' series change (set, labels, first-seen, closed listeners' last-seen), so that unchanged scans reuse what was rendered.</param>
internal sealed record ScanResult(
    DateTimeOffset StartedAt,
    bool Success,
    ScanStage? FailedStage,
    string? Error,
    IReadOnlyList<Listener> Listeners,
    DateTimeOffset? Baseline,
    DateTimeOffset? LastSuccessAt,
    IReadOnlyDictionary<ScanStage, TimeSpan> StageDurations,
    IReadOnlyDictionary<string, int> MalformedLines,
    IReadOnlyList<string> MissingTables,
    int ProcessesUnreadable,
    Exception? Exception = null,
    IReadOnlyList<ShortLivedListener>? ShortLived = null,
    long Version = 0)
{
    /// <summary>The packet and raw sockets of the last successful scan (empty when they are not scanned).</summary>
    public IReadOnlyList<PacketSocket> PacketSockets { get; init; } = [];

    public TimeSpan Duration => StageDurations.Values.Aggregate(TimeSpan.Zero, (sum, d) => sum + d);
}

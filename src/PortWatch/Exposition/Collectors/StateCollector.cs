using Prometheus;

namespace PortWatch.Exposition;

/// <summary>The state file: failed writes, and when this run had to begin a new baseline because it could not read it.</summary>
internal sealed class StateCollector : IExporterCollector
{
    private MetricFactory factory = null!;
    private Counter stateWriteErrors = null!;

    public void Register(MetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        this.factory = factory;
        stateWriteErrors = factory.CreateCounter(MetricNames.StateWriteErrors, "Failed writes of the state file.");
    }

    public void Update()
    {
        // Set as saves fail.
    }

    public void RecordStateWriteFailure() => stateWriteErrors.Inc();

    /// <summary>
    /// Records that this run could not read its state file and began a new baseline at <paramref name="at"/>: a
    /// series that exists only then (PortwatchStateReset alerts on it).
    /// </summary>
    /// <param name="reason">Why: unreadable, malformed, version or invalid.</param>
    /// <param name="movedTo">Where the file was moved aside, or none.</param>
    public void RecordStateReset(string reason, string movedTo, DateTimeOffset at) =>
        factory.CreateGauge(
            MetricNames.StateReset,
            "Unix time this run found its state file unreadable, moved it aside (moved_to) and began a new first-seen baseline: listeners that opened while the exporter was down are in that baseline, not new.",
            "reason",
            "moved_to")
        .WithLabels(reason, movedTo).Set(at.ToUnixSeconds());
}

namespace PortWatch.State;

/// <summary>
/// A start that could not read its state file and began a new baseline instead (portwatch_state_reset_timestamp_seconds): the listeners
/// that opened while the exporter was down are in that baseline, not new.
/// </summary>
/// <param name="Error">Why the file could not be read, naming it (and the line and column when it is not JSON).</param>
/// <param name="MovedTo">Where the file was moved, kept for a person; null when it could not be moved (then it is left as it was and the record is kept in memory only).</param>
/// <param name="MoveError">Why the file could not be moved aside; null when it was.</param>
internal sealed record StateReset(StateFileProblem Problem, string Error, string? MovedTo, string? MoveError, DateTimeOffset At);

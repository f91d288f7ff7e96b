namespace PortWatch.State;

/// <summary>The <c>reason</c> label of <c>portwatch_state_reset_timestamp_seconds</c> for each problem.</summary>
internal static class StateFileProblemLabels
{
    public static string ToLabel(this StateFileProblem problem) => problem switch
    {
        StateFileProblem.Unreadable => "unreadable",
        StateFileProblem.Malformed => "malformed",
        StateFileProblem.Version => "version",
        StateFileProblem.Invalid => "invalid",
        StateFileProblem.NoDirectory => "no_directory",
        _ => "write",
    };
}

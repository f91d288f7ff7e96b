namespace PortWatch.State;

/// <summary>Where the first-seen record is kept (<c>--state.file</c>).</summary>
internal sealed class StateOptions
{
    /// <summary>The state file; empty keeps the record in memory only, so a restart starts a new baseline.</summary>
    public string File { get; set; } = "";

    /// <summary>Listeners not seen for this long are dropped from the record.</summary>
    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often last-seen times are written when nothing else changed.</summary>
    public TimeSpan SaveInterval { get; set; } = TimeSpan.FromMinutes(5);
}

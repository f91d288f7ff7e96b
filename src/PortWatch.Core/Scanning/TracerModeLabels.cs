namespace PortWatch.Scanning;

/// <summary>The names of tracer modes, in <c>--scan.tracer</c>.</summary>
internal static class TracerModeLabels
{
    public static IReadOnlyList<TracerMode> All { get; } = [TracerMode.Auto, TracerMode.Ebpf, TracerMode.None];

    public static string ToLabel(this TracerMode mode) => mode switch
    {
        TracerMode.Ebpf => "ebpf",
        TracerMode.None => "none",
        _ => "auto",
    };

    /// <summary>The mode named <paramref name="label"/>, or false when none is.</summary>
    public static bool TryParse(string label, out TracerMode mode) => LabelLookup.TryParse(All, ToLabel, label, out mode);
}

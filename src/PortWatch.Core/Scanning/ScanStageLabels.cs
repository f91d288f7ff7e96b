namespace PortWatch.Scanning;

/// <summary>The label values of scan stages.</summary>
internal static class ScanStageLabels
{
    public static IReadOnlyList<ScanStage> All { get; } = [ScanStage.Enumerate, ScanStage.Attribute, ScanStage.Classify];

    public static string ToLabel(this ScanStage stage) => stage switch
    {
        ScanStage.Enumerate => "enumerate",
        ScanStage.Attribute => "attribute",
        _ => "classify",
    };
}

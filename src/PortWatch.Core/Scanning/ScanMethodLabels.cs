namespace PortWatch.Scanning;

/// <summary>The names of scan methods, in <c>--scan.method</c> and in <c>portwatch_scan_method_info{method}</c>.</summary>
internal static class ScanMethodLabels
{
    public static IReadOnlyList<ScanMethod> All { get; } = [ScanMethod.Netlink, ScanMethod.Procfs];

    public static string ToLabel(this ScanMethod method) => method == ScanMethod.Netlink ? "netlink" : "procfs";

    /// <summary>The method named <paramref name="label"/>, or false when none is.</summary>
    public static bool TryParse(string label, out ScanMethod method) => LabelLookup.TryParse(All, ToLabel, label, out method);
}

namespace PortWatch.Scanning;

/// <summary>The names of namespace choices, in <c>--scan.namespaces</c> and in <c>portwatch_scan_namespaces_info{requested}</c>.</summary>
internal static class NamespaceModeLabels
{
    public static IReadOnlyList<NamespaceMode> All { get; } = [NamespaceMode.All, NamespaceMode.Host];

    public static string ToLabel(this NamespaceMode mode) => mode == NamespaceMode.Host ? "host" : "all";

    /// <summary>The choice named <paramref name="label"/>, or false when none is.</summary>
    public static bool TryParse(string label, out NamespaceMode mode) => LabelLookup.TryParse(All, ToLabel, label, out mode);
}

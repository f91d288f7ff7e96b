namespace PortWatch.Scanning;

/// <summary>Which network namespaces a scan reads (<c>--scan.namespaces</c>).</summary>
internal enum NamespaceMode
{
    /// <summary>Every namespace of the host (containers, <c>ip netns</c>), when the exporter has the rights to see them; else only its own.</summary>
    All,

    /// <summary>Only the exporter's own namespace.</summary>
    Host,
}

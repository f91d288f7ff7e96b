namespace PortWatch.Scanning;

/// <summary>The stages of a scan, each timed and reported on its own.</summary>
internal enum ScanStage
{
    /// <summary>Reading the kernel's socket tables.</summary>
    Enumerate,

    /// <summary>Finding the processes that hold the sockets.</summary>
    Attribute,

    /// <summary>Grouping sockets into listeners and classifying them against the registry.</summary>
    Classify,
}

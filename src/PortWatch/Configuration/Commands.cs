namespace PortWatch.Configuration;

/// <summary>The commands a setting applies to.</summary>
[Flags]
internal enum Commands
{
    /// <summary>No command.</summary>
    None = 0,

    /// <summary><c>portwatch</c>: run the exporter.</summary>
    Run = 1,

    /// <summary><c>portwatch list</c>: scan once and print.</summary>
    List = 2,

    /// <summary><c>portwatch lookup</c>: classify ports from the registry alone.</summary>
    Lookup = 4,

    /// <summary>Every command.</summary>
    All = Run | List | Lookup,
}

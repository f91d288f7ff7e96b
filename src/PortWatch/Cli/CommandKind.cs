namespace PortWatch.Cli;

/// <summary>What the command line asks for.</summary>
internal enum CommandKind
{
    /// <summary>Run the exporter.</summary>
    Run,

    /// <summary>Scan once and print the listeners.</summary>
    List,

    /// <summary>Classify ports from the registry alone.</summary>
    Lookup,

    /// <summary>Print help.</summary>
    Help,

    /// <summary>Print the version.</summary>
    Version,
}

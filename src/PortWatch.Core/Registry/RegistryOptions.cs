namespace PortWatch.Registry;

/// <summary>Which registry classifies ports.</summary>
internal sealed class RegistryOptions
{
    /// <summary>An IANA CSV file; empty uses the embedded snapshot.</summary>
    public string File { get; set; } = "";
}

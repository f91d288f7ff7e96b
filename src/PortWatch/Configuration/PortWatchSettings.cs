using PortWatch.Hosting;
using PortWatch.Logging;
using PortWatch.Registry;
using PortWatch.Scanning;
using PortWatch.State;

namespace PortWatch.Configuration;

/// <summary>Every setting, from defaults, then the config file, then flags (flags win).</summary>
internal sealed class PortWatchSettings
{
    public WebOptions Web { get; } = new();

    public ScanOptions Scan { get; } = new();

    public RegistryOptions Registry { get; } = new();

    public StateOptions State { get; } = new();

    public LogOptions Log { get; } = new();

    /// <summary>The YAML file the settings were read from, if any.</summary>
    public string ConfigFile { get; set; } = "";
}

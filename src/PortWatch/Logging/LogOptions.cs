using Microsoft.Extensions.Logging;

namespace PortWatch.Logging;

/// <summary>How much is logged, and in which format (to standard error).</summary>
internal sealed class LogOptions
{
    public LogLevel Level { get; set; } = LogLevel.Information;

    /// <summary><c>logfmt</c> or <c>json</c>.</summary>
    public string Format { get; set; } = LogFormats.Logfmt;
}

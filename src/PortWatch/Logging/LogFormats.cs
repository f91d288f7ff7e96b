using Microsoft.Extensions.Logging;

namespace PortWatch.Logging;

/// <summary>The names of log formats and levels, as flags and the config file spell them.</summary>
internal static class LogFormats
{
    public const string Logfmt = "logfmt";
    public const string Json = "json";

    /// <summary>
    /// The console formatter's registered name. Prefixed, because the framework registers its own "json"
    /// formatter and the first of two formatters with one name wins.
    /// </summary>
    public static string FormatterName(string format) => $"portwatch-{format}";

    public static bool TryParseLevel(string text, out LogLevel level)
    {
        (var known, level) = text switch
        {
            "debug" => (true, LogLevel.Debug),
            "info" => (true, LogLevel.Information),
            "warn" => (true, LogLevel.Warning),
            "error" => (true, LogLevel.Error),
            _ => (false, LogLevel.None),
        };
        return known;
    }

    public static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        _ => "error",
    };
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace PortWatch.Logging;

/// <summary>Logging to standard error in logfmt or JSON, at the level asked; the framework's own chatter only from warnings up.</summary>
internal static class LoggingSetup
{
    public static ILoggingBuilder AddPortWatchLogging(this ILoggingBuilder builder, LogOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.ClearProviders();
        builder.SetMinimumLevel(options.Level);
        builder.AddFilter("Microsoft", options.Level > LogLevel.Warning ? options.Level : LogLevel.Warning);
        builder.AddFilter("System", options.Level > LogLevel.Warning ? options.Level : LogLevel.Warning);
        // The host logs a failed start with the whole stack; the exporter says it in one line of its own.
        builder.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        builder.AddConsole(console =>
        {
            console.FormatterName = LogFormats.FormatterName(options.Format);
            console.LogToStandardErrorThreshold = LogLevel.Trace;
        });
        // Registered directly rather than with AddConsoleFormatter<,>, which binds options by reflection and so
        // cannot be trimmed; these formatters take no options.
        builder.Services.AddSingleton<ConsoleFormatter>(new LogfmtFormatter());
        builder.Services.AddSingleton<ConsoleFormatter>(new JsonLogFormatter());
        return builder;
    }
}

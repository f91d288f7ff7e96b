using Microsoft.Extensions.Logging;
using PortWatch.Openers;

namespace PortWatch.Hosting;

/// <summary>Says once, at start, whether the eBPF tracer runs and, when it does not, why and what is lost.</summary>
internal static partial class TracerLog
{
    public static void Report(ILogger logger, OpenedListeners? openers)
    {
        if (openers is null)
        {
            return;
        }

        if (openers.Running)
        {
            LogRunning(logger);
        }
        else
        {
            LogOff(logger, openers.Reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "eBPF tracer attached: each TCP listen and UDP bind (outside the ephemeral range) is named with its process the moment it opens, and scanned at once")]
    private static partial void LogRunning(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "eBPF tracer off ({Reason}): listeners are found by scans and destroy events only, and one that closes before a scan is named by uid alone; portwatch_tracer_info says so")]
    private static partial void LogOff(ILogger logger, string reason);
}

using System.Diagnostics;
using System.Globalization;
using PortWatch.ProcFs;

namespace PortWatch.Processes;

/// <summary>The exporter's own resource use, for the standard <c>process_*</c> metrics.</summary>
internal sealed record SelfProcessStats(
    double CpuSeconds,
    long ResidentBytes,
    long VirtualBytes,
    double StartTimeSeconds,
    int? OpenFds,
    long? MaxFds)
{
    private static readonly double StartTime = Process.GetCurrentProcess().StartTime.ToUniversalTime().Subtract(DateTime.UnixEpoch).TotalSeconds;

    /// <summary>Reads the current figures; <paramref name="self"/> is the real /proc, whatever <c>--path.procfs</c> says.</summary>
    public static SelfProcessStats Read(ProcFsRoot self)
    {
        ArgumentNullException.ThrowIfNull(self);
        using var process = Process.GetCurrentProcess();
        return new SelfProcessStats(
            Environment.CpuUsage.TotalTime.TotalSeconds,
            process.WorkingSet64,
            process.VirtualMemorySize64,
            StartTime,
            self.CountEntries("self/fd"),
            ParseMaxOpenFiles(self.ReadText("self/limits")));
    }

    /// <summary>The soft limit of the "Max open files" line of /proc/self/limits; null when absent or unlimited.</summary>
    public static long? ParseMaxOpenFiles(string? limits)
    {
        foreach (var line in (limits ?? "").Split('\n'))
        {
            if (line.StartsWith("Max open files", StringComparison.Ordinal))
            {
                var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return fields.Length > 0 && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var soft) ? soft : null;
            }
        }

        return null;
    }
}

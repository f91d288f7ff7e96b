using System.Globalization;
using PortWatch.ProcFs;

namespace PortWatch.Processes;

/// <summary>
/// The figures of the exporter's own process that Prometheus's own clients export and .NET's
/// <c>Process</c> class does not name the same way: resident memory, open and maximum file descriptors.
/// </summary>
internal sealed record SelfProcessStats(long? ResidentBytes, int? OpenFds, long? MaxFds)
{
    private const long PageSize = 4096;

    /// <summary>Reads the current figures from <paramref name="self"/>, by default <see cref="ProcFsRoot.Self"/>.</summary>
    public static SelfProcessStats Read(ProcFsRoot? self = null)
    {
        self ??= ProcFsRoot.Self;
        return new SelfProcessStats(
            ParseResidentBytes(self.ReadText("self/statm"), Environment.SystemPageSize),
            self.CountEntries("self/fd"),
            ParseMaxOpenFiles(self.ReadText("self/limits")));
    }

    /// <summary>Returns to the system the pages of the program's code and read-only data that only starting up used (<see cref="StartupPages"/>).</summary>
    public static long ReleaseStartupMemory() => StartupPages.Release();

    /// <summary>The second field of /proc/self/statm (resident pages) times the page size; null when unreadable or too large to be true.</summary>
    public static long? ParseResidentBytes(string? statm, long pageSize = PageSize)
    {
        var fields = (statm ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 1 && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pages)
            && pages <= long.MaxValue / pageSize
            ? pages * pageSize
            : null;
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

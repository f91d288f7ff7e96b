using System.Globalization;
using static PortWatch.ProcFs.ProcFsSyscalls;

namespace PortWatch.ProcFs;

/// <summary>
/// Gives back the pages of the program's own code and read-only data that starting up brought in. A Native AOT
/// binary is mapped from its file; starting up runs and reads much of it once (and the kernel maps pages around
/// each one touched), so most of it stays resident though the steady state uses little. For each read-only
/// mapping of the executable that holds no private page (none written, so nothing can be lost), the kernel is
/// told to read it page by page from now on (MADV_RANDOM: no read-around) and to drop what is mapped now
/// (MADV_DONTNEED); what the steady state uses comes back from the page cache on first use.
/// </summary>
internal static class StartupPages
{
    /// <summary>Releases what it can; returns the kilobytes that were resident in the mappings it released.</summary>
    public static long Release()
    {
        string? executable;
        string[] smaps;
        try
        {
            executable = new FileInfo("/proc/self/exe").LinkTarget;
            smaps = File.ReadAllLines("/proc/self/smaps");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }

        long released = 0;
        foreach (var mapping in Mappings(smaps).Where(m => m.Path == executable && m.Permissions is "r-xp" or "r--p" && m.PrivateDirtyKb == 0))
        {
            if (Advise(mapping.Start, mapping.Length, AdviseRandom) == 0 && Advise(mapping.Start, mapping.Length, AdviseDontNeed) == 0)
            {
                released += mapping.ResidentKb;
            }
        }

        return released;
    }

    private static IEnumerable<Mapping> Mappings(string[] smaps)
    {
        Mapping? current = null;
        foreach (var line in smaps)
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 5 && fields[0].Contains('-', StringComparison.Ordinal) && !fields[0].EndsWith(':'))
            {
                if (current is not null)
                {
                    yield return current;
                }

                var range = fields[0].Split('-');
                var start = nint.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                var end = nint.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                current = new Mapping(start, (nuint)(end - start), fields[1], fields.Length >= 6 ? fields[5] : "");
            }
            else if (current is not null && fields.Length >= 2 && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kb))
            {
                switch (fields[0])
                {
                    case "Rss:":
                        current.ResidentKb = kb;
                        break;
                    case "Private_Dirty:":
                        current.PrivateDirtyKb = kb;
                        break;
                }
            }
        }

        if (current is not null)
        {
            yield return current;
        }
    }

    private sealed record Mapping(nint Start, nuint Length, string Permissions, string Path)
    {
        public long ResidentKb { get; set; }

        public long PrivateDirtyKb { get; set; } = -1;
    }
}

namespace PortWatch.ProcFs;

/// <summary>
/// The one type that touches the proc filesystem. Everything above it parses text it hands out, so parsers
/// stay pure and any directory laid out like /proc (a container's /host/proc, a captured fixture tree) works.
/// </summary>
internal sealed class ProcFsRoot(string path)
{
    /// <summary>Where the kernel mounts the proc filesystem.</summary>
    public const string DefaultPath = "/proc";

    /// <summary>The proc filesystem the exporter itself runs under, for its own figures, whatever <c>--path.procfs</c> says.</summary>
    public static ProcFsRoot Self { get; } = new(DefaultPath);

    public string Path { get; } = path;

    /// <summary>Reads a file such as <c>net/tcp</c>; null when it does not exist (IPv6 disabled, no UDP).</summary>
    public string? ReadText(string relativePath)
    {
        try
        {
            return File.ReadAllText(System.IO.Path.Combine(Path, relativePath));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The numeric entries of the root: the ids of the processes alive now.</summary>
    public IEnumerable<int> EnumerateProcessIds()
    {
        foreach (var entry in Directory.EnumerateDirectories(Path))
        {
            var name = System.IO.Path.GetFileName(entry.AsSpan());
            if (name.Length > 0 && char.IsAsciiDigit(name[0]) && int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid))
            {
                yield return pid;
            }
        }
    }

    /// <summary>Adds the targets of a process's open file descriptors (<c>socket:[123]</c>, paths) to <paramref name="targets"/>.</summary>
    public FdReadOutcome ReadFdTargets(int pid, List<string> targets)
    {
        var directory = System.IO.Path.Combine(Path, pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "fd");
        try
        {
            foreach (var fd in Directory.EnumerateFileSystemEntries(directory))
            {
                var target = ReadLink(fd);
                if (target is not null)
                {
                    targets.Add(target);
                }
            }

            return FdReadOutcome.Read;
        }
        catch (UnauthorizedAccessException)
        {
            return FdReadOutcome.Denied;
        }
        catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException or IOException)
        {
            return FdReadOutcome.Vanished;
        }
    }

    /// <summary>The raw bytes of <c>&lt;pid&gt;/comm</c>; null when the process is gone or the file unreadable.</summary>
    public byte[]? ReadComm(int pid)
    {
        try
        {
            return File.ReadAllBytes(System.IO.Path.Combine(Path, pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "comm"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Counts the entries of a directory such as <c>self/fd</c>; null when it cannot be read.</summary>
    public int? CountEntries(string relativePath)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries(System.IO.Path.Combine(Path, relativePath)).Count();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? ReadLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

using System.Buffers.Text;
using System.Globalization;
using System.Text;
using static PortWatch.ProcFs.ProcFsSyscalls;

namespace PortWatch.ProcFs;

/// <summary>
/// The one type that touches the proc filesystem. Everything above it parses text it hands out, so parsers
/// stay pure and any directory laid out like /proc (a container's /host/proc, a captured fixture tree) works.
/// The walk of every process's descriptors, which attribution repeats, reads directories and links into stack
/// buffers (<see cref="DirectoryEntries"/>) and allocates nothing a descriptor.
/// </summary>
internal sealed class ProcFsRoot
{
    /// <summary>Where the kernel mounts the proc filesystem.</summary>
    public const string DefaultPath = "/proc";
    private const int AtCurrentDirectory = -100;

    private readonly byte[] root;

    public ProcFsRoot(string path)
    {
        Path = path;
        root = Encoding.UTF8.GetBytes(path.TrimEnd('/'));
    }

    /// <summary>The proc filesystem the exporter itself runs under, for its own figures, whatever <c>--path.procfs</c> says.</summary>
    public static ProcFsRoot Self { get; } = new(DefaultPath);

    public string Path { get; }

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

    /// <summary>The text of a file that may be missing or unreadable (another user's, a process that exited); null then.</summary>
    public string? ReadOptionalText(string relativePath)
    {
        try
        {
            return File.ReadAllText(System.IO.Path.Combine(Path, relativePath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The inode of <paramref name="pid"/>'s network namespace (<c>&lt;pid&gt;/ns/net</c>); null when it is gone or may not be read.</summary>
    public ulong? ReadNetNamespace(int pid)
    {
        Span<byte> path = stackalloc byte[root.Length + 24];
        var length = PidPath(path, pid, "/ns/net"u8);
        Span<byte> target = stackalloc byte[64];
        var read = DirectoryEntries.ReadLink(AtCurrentDirectory, path[..(length - 1)], target);
        return read > 0 && TryParseNamespaceInode(target[..read], out var inode) ? inode : null;
    }

    /// <summary>Reads <c>net:[4026531840]</c>, the target of a network namespace link.</summary>
    internal static bool TryParseNamespaceInode(ReadOnlySpan<byte> target, out ulong inode)
    {
        inode = 0;
        return target.StartsWith("net:["u8)
            && target[^1] == (byte)']'
            && Utf8Parser.TryParse(target[5..^1], out inode, out var consumed)
            && consumed == target.Length - 6;
    }

    /// <summary>CAP_SYS_ADMIN: what setns into another network namespace needs.</summary>
    public const int CapSysAdmin = 21;

    /// <summary>CAP_SYS_PTRACE: what reading another user's <c>&lt;pid&gt;/ns/net</c> and <c>fd/</c> needs.</summary>
    public const int CapSysPtrace = 19;

    /// <summary>Whether the exporter's effective capabilities (<c>self/status</c>, CapEff) include <paramref name="capability"/>.</summary>
    public bool HasCapability(int capability)
    {
        foreach (var line in (ReadOptionalText("self/status") ?? "").Split('\n'))
        {
            if (line.StartsWith("CapEff:", StringComparison.Ordinal)
                && ulong.TryParse(line.AsSpan(7).Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var effective))
            {
                return (effective & (1UL << capability)) != 0;
            }
        }

        return false;
    }

    /// <summary>The target of a link such as <c>self/ns/net</c> (<c>net:[4026531840]</c>); null when it cannot be read.</summary>
    public string? ReadLink(string relativePath)
    {
        try
        {
            return new FileInfo(System.IO.Path.Combine(Path, relativePath)).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The kernel's ephemeral port range in this tree's network namespace; Linux's default when it cannot be read.</summary>
    public EphemeralPorts ReadEphemeralPorts() =>
        EphemeralPorts.Parse(ReadText("sys/net/ipv4/ip_local_port_range")) ?? EphemeralPorts.Default;

    /// <summary>The numeric entries of the root: the ids of the processes alive now.</summary>
    public List<int> EnumerateProcessIds()
    {
        var pids = new List<int>();
        Span<byte> path = stackalloc byte[root.Length + 1];
        root.CopyTo(path);
        path[^1] = 0;
        var error = DirectoryEntries.Visit(path, ref pids, static (ref List<int> found, int _, ReadOnlySpan<byte> name, byte type) =>
        {
            if (type is DirectoryEntries.DirectoryType or 0 && name.Length > 0 && char.IsAsciiDigit((char)name[0]) && Utf8Parser.TryParse(name, out int pid, out var consumed) && consumed == name.Length)
            {
                found.Add(pid);
            }
        });
        if (error != 0)
        {
            throw new DirectoryNotFoundException($"{Path}: cannot list the proc filesystem (errno {error})");
        }

        return pids;
    }

    /// <summary>
    /// Adds the inode of every socket <paramref name="pid"/> holds (its <c>fd/</c> links that read <c>socket:[N]</c>)
    /// to <paramref name="inodes"/>.
    /// </summary>
    public FdReadOutcome ReadSocketInodes(int pid, List<ulong> inodes)
    {
        ArgumentNullException.ThrowIfNull(inodes);
        Span<byte> path = stackalloc byte[root.Length + 20];
        var length = PidPath(path, pid, "/fd"u8);
        var error = DirectoryEntries.Visit(path[..length], ref inodes, static (ref List<ulong> found, int directory, ReadOnlySpan<byte> name, byte _) =>
        {
            Span<byte> target = stackalloc byte[64];
            var read = DirectoryEntries.ReadLink(directory, name, target);
            if (read > 0 && TryParseSocketInode(target[..read], out var inode))
            {
                found.Add(inode);
            }
        });
        return error switch
        {
            0 => FdReadOutcome.Read,
            Eacces or Eperm => FdReadOutcome.Denied,
            _ => FdReadOutcome.Vanished,
        };
    }

    /// <summary>The start time of <paramref name="pid"/> in clock ticks since boot (field 22 of stat); with the pid, it names a process for good. Null when it is gone.</summary>
    public ulong? ReadStartTime(int pid)
    {
        Span<byte> path = stackalloc byte[root.Length + 20];
        var length = PidPath(path, pid, "/stat"u8);
        Span<byte> stat = stackalloc byte[1024];
        var read = DirectoryEntries.ReadFile(path[..length], stat);
        return read > 0 ? ParseStartTime(stat[..read]) : null;
    }

    /// <summary>The raw bytes of <c>&lt;pid&gt;/comm</c>; null when the process is gone or the file unreadable.</summary>
    public byte[]? ReadComm(int pid)
    {
        try
        {
            return File.ReadAllBytes(System.IO.Path.Combine(Path, pid.ToString(CultureInfo.InvariantCulture), "comm"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Counts the entries of a directory such as <c>self/fd</c> (without looking at any); null when it cannot be read.</summary>
    public int? CountEntries(string relativePath)
    {
        var count = 0;
        var error = DirectoryEntries.Visit(DirectoryEntries.Path(System.IO.Path.Combine(Path, relativePath)), ref count, static (ref int n, int _, ReadOnlySpan<byte> _, byte _) => n++);
        return error == 0 ? count : null;
    }

    /// <summary>Field 22 of a stat line: counted after the last ')', since the command name in parentheses may hold anything.</summary>
    internal static ulong? ParseStartTime(ReadOnlySpan<byte> stat)
    {
        var close = stat.LastIndexOf((byte)')');
        if (close < 0)
        {
            return null;
        }

        // After ") " come field 3 (state) onwards: skip fields 3 to 21, read field 22.
        var rest = stat[(close + 1)..];
        for (var field = 3; field < 22; field++)
        {
            rest = rest.TrimStart((byte)' ');
            var space = rest.IndexOf((byte)' ');
            if (space < 0)
            {
                return null;
            }

            rest = rest[space..];
        }

        rest = rest.TrimStart((byte)' ');
        return Utf8Parser.TryParse(rest, out ulong ticks, out var consumed) && consumed > 0 ? ticks : null;
    }

    internal static bool TryParseSocketInode(ReadOnlySpan<byte> target, out ulong inode)
    {
        inode = 0;
        return target.StartsWith("socket:["u8)
            && target[^1] == (byte)']'
            && Utf8Parser.TryParse(target[8..^1], out inode, out var consumed)
            && consumed == target.Length - 9;
    }

    // "<root>/<pid><suffix>\0"
    private int PidPath(Span<byte> path, int pid, ReadOnlySpan<byte> suffix)
    {
        root.CopyTo(path);
        var length = root.Length;
        path[length++] = (byte)'/';
        Utf8Formatter.TryFormat(pid, path[length..], out var written);
        length += written;
        suffix.CopyTo(path[length..]);
        length += suffix.Length;
        path[length++] = 0;
        return length;
    }
}

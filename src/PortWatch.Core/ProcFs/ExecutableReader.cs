using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using static PortWatch.ProcFs.ExecutableSyscalls;

namespace PortWatch.ProcFs;

/// <summary>
/// Reads <c>&lt;pid&gt;/exe</c> and the owners and modes of the file it names and of every directory above it, as the
/// process sees them (through <c>&lt;pid&gt;/root</c>, so a container's binary is looked up in the container). The
/// running file itself is taken through the link (its inode, even when another file stands at the path now).
/// Costs one readlink and one statx a path component; the owner cache runs it once for each new process, and
/// then only <see cref="ReadLink"/> a scan, to see a binary deleted or replaced under a process it knows.
/// </summary>
internal sealed class ExecutableReader(ProcFsRoot procFs)
{
    private const string DeletedSuffix = " (deleted)";
    private const int Eacces = 13;
    private const int Eperm = 1;

    public ExecutableFacts Read(int pid)
    {
        var process = Path.Combine(procFs.Path, pid.ToString(CultureInfo.InvariantCulture));
        if (ReadLinkOrWhy(pid, out var denied) is not { } link)
        {
            return denied ? ExecutableFacts.DeniedFacts : ExecutableFacts.Gone;
        }

        var deleted = link.EndsWith(DeletedSuffix, StringComparison.Ordinal);
        var path = deleted ? link[..^DeletedSuffix.Length] : link;
        if (!path.StartsWith('/') || path.StartsWith("/memfd:", StringComparison.Ordinal))
        {
            return new ExecutableFacts(link, false, []);
        }

        var chain = new List<FileOwnership>();
        var root = Path.Combine(process, "root");
        if (deleted)
        {
            if (Stat(root + path) is not { } now)
            {
                return new ExecutableFacts(link, false, []);
            }

            chain.Add(now);
        }
        else if (Stat(Path.Combine(process, "exe")) is { } running)
        {
            chain.Add(running);
        }
        else
        {
            return ExecutableFacts.DeniedFacts;
        }

        for (var directory = Path.GetDirectoryName(path); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (Stat(root + directory) is { } owned)
            {
                chain.Add(owned);
            }
        }

        return new ExecutableFacts(link, false, chain);
    }

    /// <summary>The target of <c>&lt;pid&gt;/exe</c> as the kernel prints it (<see cref="ExecutableFacts.Link"/>); null when it cannot be read.</summary>
    public string? ReadLink(int pid) => ReadLinkOrWhy(pid, out _);

    private string? ReadLinkOrWhy(int pid, out bool denied)
    {
        Span<byte> target = stackalloc byte[4096];
        var read = DirectoryEntries.ReadLink(AtCurrentDirectory, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{procFs.Path}/{pid}/exe")), target);
        denied = read < 0 && Marshal.GetLastPInvokeError() is Eacces or Eperm;
        return read < 0 ? null : Encoding.UTF8.GetString(target[..read]);
    }

    private static unsafe FileOwnership? Stat(string path)
    {
        var bytes = DirectoryEntries.Path(path);
        Span<byte> buffer = stackalloc byte[StatxLength];
        fixed (byte* name = bytes)
        fixed (byte* result = buffer)
        {
            if (Statx(AtCurrentDirectory, name, 0, MaskModeAndOwner, result) != 0)
            {
                return null;
            }
        }

        return new FileOwnership(BitConverter.ToUInt32(buffer[UidOffset..]), BitConverter.ToUInt16(buffer[ModeOffset..]));
    }
}

using System.Globalization;

namespace PortWatch.ProcFs;

/// <summary>
/// Finds every distinct network namespace of the host: the inode of each process's <c>ns/net</c> link, plus the
/// entries of <c>/run/netns</c> (<c>ip netns add</c>), so that each is read once however many processes share it. A
/// process's namespace is read when the process is first seen and again every <see cref="RefreshEvery"/> (a process
/// may enter another namespace after it starts, as <c>ip netns exec</c> does between fork and exec).
/// Reading another user's <c>ns/net</c> needs root or CAP_SYS_PTRACE; without it, only the exporter's own
/// processes' namespaces are found.
/// </summary>
internal sealed class NetworkNamespaceFinder(ProcFsRoot procFs, string namedDirectory, TimeProvider time)
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(10);

    private Dictionary<int, ulong> byPid = [];
    private Dictionary<int, ulong> spare = [];
    private DateTimeOffset refreshedAt = DateTimeOffset.MinValue;

    /// <summary>The directory of named namespaces for a proc tree: /run/netns on the host, else the tree's init's view of it.</summary>
    public static string NamedDirectoryFor(ProcFsRoot procFs)
    {
        ArgumentNullException.ThrowIfNull(procFs);
        return Path.GetFullPath(procFs.Path).TrimEnd('/') == ProcFsRoot.DefaultPath ? "/run/netns" : Path.Combine(procFs.Path, "1/root/run/netns");
    }

    /// <summary>Every namespace but <paramref name="except"/> (the exporter's own), by inode, with the lowest pid inside each.</summary>
    public Dictionary<ulong, NetworkNamespace> Find(ulong except)
    {
        var now = time.GetUtcNow();
        var full = now - refreshedAt >= RefreshEvery;
        refreshedAt = full ? now : refreshedAt;
        var current = spare;
        current.Clear();
        foreach (var pid in procFs.EnumerateProcessIds())
        {
            if (!full && byPid.TryGetValue(pid, out var known))
            {
                current[pid] = known;
            }
            else if (procFs.ReadNetNamespace(pid) is { } inode)
            {
                current[pid] = inode;
            }
        }

        (spare, byPid) = (byPid, current);
        var found = new Dictionary<ulong, NetworkNamespace>();
        foreach (var (pid, inode) in byPid)
        {
            if (inode != except && (!found.TryGetValue(inode, out var seen) || seen.Pid > pid))
            {
                found[inode] = new NetworkNamespace(inode, pid, Path.Combine(procFs.Path, pid.ToString(CultureInfo.InvariantCulture), "ns/net"));
            }
        }

        foreach (var (inode, path) in Named())
        {
            if (inode != except && !found.ContainsKey(inode))
            {
                found[inode] = new NetworkNamespace(inode, null, path);
            }
        }

        return found;
    }

    /// <summary>The namespaces named in <c>/run/netns</c>: each entry is a bind mount of a namespace file.</summary>
    private IEnumerable<(ulong Inode, string Path)> Named()
    {
        string[] entries;
        try
        {
            entries = Directory.Exists(namedDirectory) ? Directory.GetFiles(namedDirectory) : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (var entry in entries)
        {
            if (InodeOf(entry) is { } inode)
            {
                yield return (inode, entry);
            }
        }
    }

    /// <summary>The namespace inode of a namespace file, from the opened descriptor (its fd link reads as its path, not net:[inode]).</summary>
    private static ulong? InodeOf(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
            return NamespaceFile.NetworkNamespaceInode(handle);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

using System.Globalization;
using PortWatch.ProcFs;

namespace PortWatch.Tracing;

/// <summary>
/// The cgroup v2 hierarchy as the exporter's mount namespace shows it: where it is mounted (the tracer's cgroup
/// programs attach at its root), and the path of a cgroup id (a cgroup v2 id is the inode of its directory), for
/// an event whose process exited before its <c>/proc/&lt;pid&gt;/cgroup</c> could be read.
/// </summary>
internal sealed class CgroupHierarchy(string root)
{
    private const int MaxDirectories = 100_000;
    private Dictionary<ulong, string> paths = [];

    /// <summary>The mount point, such as <c>/sys/fs/cgroup</c> or <c>/sys/fs/cgroup/unified</c> on a hybrid host.</summary>
    public string Root => root;

    /// <summary>The highest cgroup2 mount of <c>self/mountinfo</c> (<see cref="FromMountInfo"/>); null when cgroup v2 is not mounted.</summary>
    public static CgroupHierarchy? Find(ProcFsRoot self)
    {
        ArgumentNullException.ThrowIfNull(self);
        return FromMountInfo(self.ReadOptionalText("self/mountinfo") ?? "");
    }

    /// <summary>
    /// The cgroup2 mount of <paramref name="mountInfo"/> whose root is highest in the hierarchy. A mount's root is
    /// the path of its top cgroup relative to the reader's cgroup namespace: <c>/</c> is the namespace's own root, and
    /// in a cgroup namespace of its own (a container on a cgroup v2 host without <c>--cgroupns host</c>, a pod) the
    /// host's hierarchy bind-mounted in reads <c>/..</c>, one <c>..</c> per level above. The first of the highest
    /// wins; a mount of a cgroup below the namespace's root (<c>/system.slice</c>) is never the root. Null when
    /// cgroup v2 is not mounted.
    /// </summary>
    public static CgroupHierarchy? FromMountInfo(string mountInfo)
    {
        ArgumentNullException.ThrowIfNull(mountInfo);
        string? best = null;
        var bestHeight = -1;
        foreach (var line in mountInfo.Split('\n'))
        {
            // 41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            var fields = line.Split(' ');
            var separator = Array.IndexOf(fields, "-");
            if (separator > 4 && separator + 1 < fields.Length && fields[separator + 1] == "cgroup2"
                && HeightOf(fields[3]) is { } height && height > bestHeight)
            {
                best = fields[4].Replace("\\040", " ", StringComparison.Ordinal);
                bestHeight = height;
            }
        }

        return best is null ? null : new CgroupHierarchy(best);
    }

    // "/" is 0, "/.." 1, "/../.." 2; any other root ("/system.slice", "/../x") is below the top: null.
    private static int? HeightOf(string mountRoot)
    {
        if (mountRoot == "/")
        {
            return 0;
        }

        var segments = mountRoot.Split('/');
        return segments[0].Length == 0 && segments.Skip(1).All(s => s == "..") ? segments.Length - 1 : null;
    }

    /// <summary>
    /// The path of cgroup <paramref name="id"/> relative to the root (<c>/system.slice/ssh.service</c>, <c>/</c> for the
    /// root); null when no directory has that inode. Walks the hierarchy again only on a miss.
    /// </summary>
    public string? PathOf(ulong id)
    {
        if (paths.TryGetValue(id, out var known))
        {
            return known;
        }

        var walked = new Dictionary<ulong, string>();
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0 && walked.Count < MaxDirectories)
        {
            var directory = pending.Pop();
            try
            {
                if (TracingSyscalls.InodeOf(directory) is { } inode)
                {
                    walked[inode] = directory.Length == root.TrimEnd('/').Length ? "/" : directory[root.TrimEnd('/').Length..];
                }

                foreach (var child in Directory.EnumerateDirectories(directory))
                {
                    pending.Push(child);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A cgroup removed during the walk, or one the exporter may not read.
            }
        }

        paths = walked;
        return walked.GetValueOrDefault(id);
    }

    /// <summary>The text <c>/proc/&lt;pid&gt;/cgroup</c> would have shown for a process in cgroup <paramref name="path"/>.</summary>
    public static string AsProcCgroup(string path) => string.Create(CultureInfo.InvariantCulture, $"0::{path}\n");
}

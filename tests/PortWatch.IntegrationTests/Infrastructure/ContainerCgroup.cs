namespace PortWatch.IntegrationTests.Infrastructure;

/// <summary>
/// A cgroup named as docker's systemd driver names a container's (<c>system.slice/docker-ID.scope</c>), or at any path
/// (<see cref="At"/>), made in this machine's cgroup v2 hierarchy (or, on a v1 host, its name=systemd one), with a
/// process moved into it: the process's <c>/proc/&lt;pid&gt;/cgroup</c> then reads as a container's does. Needs root;
/// removed on dispose, with the parents it made.
/// </summary>
internal sealed class ContainerCgroup : IDisposable
{
    private readonly string root;
    private readonly string directory;

    private ContainerCgroup(string root, string id, string relative)
    {
        this.root = root;
        Id = id;
        directory = Path.Combine(root, relative.Replace("{id}", id, StringComparison.Ordinal));
        Directory.CreateDirectory(directory);
    }

    /// <summary>The full container id (64 hex digits).</summary>
    public string Id { get; }

    public string ShortId => Id[..12];

    public static ContainerCgroup Create() => At("system.slice/docker-{id}.scope");

    /// <summary>A cgroup at <paramref name="relative"/> below the hierarchy's root, <c>{id}</c> replaced by a fresh container id.</summary>
    public static ContainerCgroup At(string relative)
    {
        var id = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        return new ContainerCgroup(Hierarchy(), id, relative);
    }

    /// <summary>The file a process is moved in through.</summary>
    public string Procs => Path.Combine(directory, "cgroup.procs");

    public void Dispose()
    {
        // Whatever is still inside goes back to the root, so that the directory can go.
        foreach (var pid in File.ReadAllLines(Path.Combine(directory, "cgroup.procs")))
        {
            try
            {
                File.WriteAllText(Path.Combine(root, "cgroup.procs"), pid + "\n");
            }
            catch (IOException)
            {
                // It exited.
            }
        }

        Directory.Delete(directory);
        for (var parent = Path.GetDirectoryName(directory)!; parent.Length > root.Length; parent = Path.GetDirectoryName(parent)!)
        {
            try
            {
                Directory.Delete(parent);
            }
            catch (IOException)
            {
                return; // It was there before, or holds other cgroups.
            }
        }
    }

    /// <summary>The mount point of the hierarchy /proc/self/cgroup names a process by: cgroup2, else name=systemd.</summary>
    private static string Hierarchy()
    {
        var mounts = File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')).ToList();
        var v2 = mounts.FirstOrDefault(f => f.Length > 8 && f[Array.IndexOf(f, "-") + 1] == "cgroup2");
        if (v2 is not null && File.Exists(Path.Combine(v2[4], "cgroup.procs")))
        {
            return v2[4];
        }

        var systemd = mounts.FirstOrDefault(f => f.Length > 8 && f[Array.IndexOf(f, "-") + 1] == "cgroup" && f[^1].Contains("name=systemd", StringComparison.Ordinal));
        return systemd?[4] ?? throw new InvalidOperationException("no cgroup2 or name=systemd hierarchy is mounted");
    }
}

namespace PortWatch.IntegrationTests.Infrastructure;

/// <summary>
/// A Debian root file system (debootstrap's minbase, cached by packaging/rootfs.sh in obj/cache/rootfs) unpacked in a
/// temporary directory, with /proc mounted, to run apt, dpkg and the packaged program in with chroot. Root only.
/// </summary>
internal sealed class DebianRoot : IAsyncDisposable
{
    private DebianRoot(string path) => Path = path;

    public string Path { get; }

    public static async Task<DebianRoot> CreateAsync(string suite = "bookworm")
    {
        var (code, tarball, stderr) = await ProcessRunner.RunAsync(
            "bash", [RepositoryPaths.InRoot("packaging", "rootfs.sh"), suite], timeout: TimeSpan.FromMinutes(10));
        if (code != 0)
        {
            throw new InvalidOperationException($"packaging/rootfs.sh {suite} exited {code}: {stderr}");
        }

        var path = Directory.CreateTempSubdirectory("portwatch-root-").FullName;
        var root = new DebianRoot(path);
        await RunHostAsync("tar", "-C", path, "-xf", tarball.Trim());
        await RunHostAsync("mount", "-t", "proc", "proc", System.IO.Path.Combine(path, "proc"));
        return root;
    }

    public string In(string path) => System.IO.Path.Combine(Path, path.TrimStart('/'));

    /// <summary>Runs a command inside the root (chroot), non-interactively.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] command) =>
        ProcessRunner.RunAsync(
            "chroot", [Path, "/usr/bin/env", "DEBIAN_FRONTEND=noninteractive", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", .. command],
            timeout: TimeSpan.FromMinutes(5));

    /// <summary>Every path of the root with its mode, owner and size, but for the package manager's own records and logs.</summary>
    public IReadOnlyList<string> Tree()
    {
        string[] skipped = ["/proc", "/sys", "/dev", "/tmp", "/run", "/var/log", "/var/cache", "/var/lib/dpkg", "/var/lib/apt"];
        var entries = new List<string>();
        var pending = new Stack<string>();
        pending.Push("/");
        while (pending.TryPop(out var directory))
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(In(directory)))
            {
                var path = "/" + System.IO.Path.GetRelativePath(Path, entry);
                if (skipped.Contains(path))
                {
                    continue;
                }

                entries.Add($"{path} {Describe(entry)}");
                if (new FileInfo(entry).LinkTarget is null && Directory.Exists(entry))
                {
                    pending.Push(path);
                }
            }
        }

        entries.Sort(StringComparer.Ordinal);
        return entries;
    }

    public async ValueTask DisposeAsync()
    {
        await ProcessRunner.RunAsync("umount", ["-l", In("proc")]);
        Directory.Delete(Path, recursive: true);
    }

    private static string Describe(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is { } target)
        {
            return "-> " + target;
        }

        var mode = File.GetUnixFileMode(path);
        return info.Attributes.HasFlag(FileAttributes.Directory) ? $"dir {mode}" : $"file {mode} {info.Length}";
    }

    private static async Task RunHostAsync(string program, params string[] arguments)
    {
        var (code, stdout, stderr) = await ProcessRunner.RunAsync(program, arguments, timeout: TimeSpan.FromMinutes(5));
        if (code != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {code}: {stdout}{stderr}");
        }
    }
}

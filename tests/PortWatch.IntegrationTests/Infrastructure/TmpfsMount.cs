namespace PortWatch.IntegrationTests.Infrastructure;

/// <summary>A tmpfs mounted on a fresh temporary directory (root only): a disk that fills, or turns read-only, for real.</summary>
internal sealed class TmpfsMount : IAsyncDisposable
{
    private TmpfsMount(string path) => Path = path;

    public string Path { get; }

    /// <param name="options">The mount options, such as <c>size=256k</c>.</param>
    public static async Task<TmpfsMount> MountAsync(string options)
    {
        var path = Directory.CreateTempSubdirectory("portwatch-tmpfs-").FullName;
        var (code, stdout, stderr) = await ProcessRunner.RunAsync("mount", ["-t", "tmpfs", "-o", options, "portwatch-test", path]);
        if (code != 0)
        {
            Directory.Delete(path);
            throw new InvalidOperationException($"mount -t tmpfs -o {options} failed: {stdout}{stderr}");
        }

        return new TmpfsMount(path);
    }

    /// <summary>Fills the file system with <paramref name="name"/> until the kernel says it is full (ENOSPC).</summary>
    public string Fill(string name)
    {
        var filler = System.IO.Path.Combine(Path, name);
        using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1);
        var block = new byte[4096];
        try
        {
            while (true)
            {
                stream.Write(block);
            }
        }
        catch (IOException e) when (e.HResult == 28 || e.Message.Contains("No space left", StringComparison.Ordinal))
        {
            return filler;
        }
    }

    /// <summary><c>mount -o remount,OPTIONS</c>, retried while a file is open for writing on it (EBUSY, a save in progress).</summary>
    public async Task RemountAsync(string options)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var (code, stdout, stderr) = await ProcessRunner.RunAsync("mount", ["-o", $"remount,{options}", Path]);
            if (code == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"mount -o remount,{options} {Path} failed: {stdout}{stderr}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if ((await ProcessRunner.RunAsync("umount", [Path])).ExitCode == 0)
            {
                Directory.Delete(Path);
                return;
            }

            await Task.Delay(100);
        }

        // Still busy (a process that outlived its test): detach it, so that no mount is left behind.
        await ProcessRunner.RunAsync("umount", ["-l", Path]);
        Directory.Delete(Path);
    }
}

using System.Diagnostics;

namespace PortWatch.IntegrationTests.Infrastructure;

/// <summary>
/// A dockerd of the test's own (root only): its data root in obj/cache/docker/data (kept between runs, so that images
/// and layers are cached), its socket, pid file and exec root in a temporary directory, and no network or firewall
/// rule made on the machine (<c>--bridge=none --iptables=false --ip-forward=false</c>: containers run with
/// <c>--network host</c>). Stopped by its pid.
/// </summary>
internal sealed class DockerDaemon : IAsyncDisposable
{
    private readonly Process process;
    private readonly string runDirectory;

    private DockerDaemon(Process process, string runDirectory)
    {
        this.process = process;
        this.runDirectory = runDirectory;
    }

    public string Host => $"unix://{runDirectory}/docker.sock";

    public static async Task<DockerDaemon> StartAsync()
    {
        var dataRoot = RepositoryPaths.InRoot("obj", "cache", "docker", "data");
        Directory.CreateDirectory(dataRoot);
        // Short: containerd's sockets live under the exec root, and a unix socket's path has at most 107 bytes.
        var run = Directory.CreateTempSubdirectory("pwd-").FullName;
        var start = new ProcessStartInfo("dockerd")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--data-root", dataRoot, "--exec-root", Path.Combine(run, "exec"), "--pidfile", Path.Combine(run, "docker.pid"),
                     "-H", $"unix://{run}/docker.sock", "--bridge=none", "--iptables=false", "--ip6tables=false", "--ip-forward=false",
                     "--ip-masq=false", "--userland-proxy=false",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start dockerd");
        var log = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var daemon = new DockerDaemon(process, run);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"dockerd exited {process.ExitCode}:\n{log}");
            }

            if ((await daemon.DockerAsync("version", "--format", "{{.Server.Version}}")).ExitCode == 0)
            {
                return daemon;
            }

            if (DateTime.UtcNow > deadline)
            {
                await daemon.DisposeAsync();
                throw new TimeoutException($"dockerd did not answer within 60 s:\n{log}");
            }

            await Task.Delay(200);
        }
    }

    public Task<(int ExitCode, string Stdout, string Stderr)> DockerAsync(params string[] arguments) =>
        DockerAsync(TimeSpan.FromMinutes(2), arguments);

    public Task<(int ExitCode, string Stdout, string Stderr)> DockerAsync(TimeSpan timeout, params string[] arguments) =>
        ProcessRunner.RunAsync("docker", arguments, environment: Environment(), timeout: timeout);

    /// <summary>The environment that points docker and packaging/docker-standins.sh at this engine, with the legacy builder.</summary>
    public Dictionary<string, string> Environment() => new() { ["DOCKER_HOST"] = Host, ["DOCKER_BUILDKIT"] = "0" };

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            Privileges.Signal(process.Id, 15);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Privileges.Signal(process.Id, 9);
                await process.WaitForExitAsync();
            }
        }

        process.Dispose();
        // dockerd leaves its network namespace file (exec/netns/default) mounted: unmount what is left, deepest first.
        var mounts = (await File.ReadAllLinesAsync("/proc/self/mountinfo")).Select(l => l.Split(' ')[4])
            .Where(m => m.StartsWith(runDirectory + "/", StringComparison.Ordinal)).OrderByDescending(m => m.Length);
        foreach (var mount in mounts)
        {
            await ProcessRunner.RunAsync("umount", ["-l", mount]);
        }

        Directory.Delete(runDirectory, recursive: true);
    }
}

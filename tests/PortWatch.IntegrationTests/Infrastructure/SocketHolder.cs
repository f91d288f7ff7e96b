using System.Diagnostics;
using System.Globalization;

namespace PortWatch.IntegrationTests.Infrastructure;

/// <summary>
/// A real native process that holds packet and raw sockets (and TCP listeners), built by gcc from
/// <c>PacketSockets/socket-holder.c</c>: it names itself, opens what it is asked for, and keeps it until disposed.
/// The binary can be copied anywhere (a root-only directory, <c>/dev/shm</c>) and run from there, run from a memfd,
/// or deleted or replaced while it runs, which is what the executable classes are about.
/// </summary>
internal sealed class SocketHolder : IAsyncDisposable
{
    public const string NeedsGcc = "gcc is not installed: it builds tests/PortWatch.IntegrationTests/PacketSockets/socket-holder.c, the process that holds the packet and raw sockets";
    private readonly Process process;

    private SocketHolder(Process process, IReadOnlyList<int> ports, IReadOnlyList<ulong> inodes)
    {
        this.process = process;
        Ports = ports;
        Inodes = inodes;
    }

    public static bool CanBuild => File.Exists("/usr/bin/gcc");

    public int Pid => process.Id;

    /// <summary>The ports of its TCP listeners (on 127.0.0.1), in the order asked.</summary>
    public IReadOnlyList<int> Ports { get; }

    /// <summary>The inodes of every socket it opened, in the order asked.</summary>
    public IReadOnlyList<ulong> Inodes { get; }

    /// <summary>Compiles the holder into <paramref name="path"/> (its directory must exist).</summary>
    public static async Task BuildAsync(string path)
    {
        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync(
            "/usr/bin/gcc", ["-O2", "-Wall", "-Wextra", "-Werror", "-o", path, RepositoryPaths.InRoot("tests", "PortWatch.IntegrationTests", "PacketSockets", "socket-holder.c")]);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"gcc socket-holder.c: {stdout}{stderr}");
        }
    }

    /// <summary>Runs <paramref name="binary"/> (through <paramref name="launcher"/>, such as <c>ip netns exec NS</c>, which must exec it) holding <paramref name="specs"/>.</summary>
    public static async Task<SocketHolder> StartAsync(string binary, string name, string[] specs, string[]? launcher = null, bool memfd = false)
    {
        launcher ??= [];
        var start = new ProcessStartInfo(launcher.Length > 0 ? launcher[0] : binary)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var part in launcher.Length > 0 ? [.. launcher.Skip(1), binary] : Array.Empty<string>())
        {
            start.ArgumentList.Add(part);
        }

        foreach (var argument in (string[])[.. memfd ? ["--memfd"] : Array.Empty<string>(), "--name", name, .. specs])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {binary}");
        var ports = new List<int>();
        var inodes = new List<ulong>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line && line != "ready")
        {
            // "packet 2938081", "raw 2938083", "tcp 33939 2938085"
            var fields = line.Split(' ');
            if (fields[0] == "tcp")
            {
                ports.Add(int.Parse(fields[1], CultureInfo.InvariantCulture));
            }

            inodes.Add(ulong.Parse(fields[^1], CultureInfo.InvariantCulture));
        }

        if (inodes.Count != specs.Length)
        {
            var error = await process.StandardError.ReadToEndAsync(timeout.Token);
            process.Kill();
            throw new InvalidOperationException($"the socket holder opened {inodes.Count} of {specs.Length} sockets: {error}");
        }

        return new SocketHolder(process, ports, inodes);
    }

    public async ValueTask DisposeAsync()
    {
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
        }

        process.Dispose();
    }
}

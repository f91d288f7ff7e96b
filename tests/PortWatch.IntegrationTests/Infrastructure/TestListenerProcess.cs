using System.Diagnostics;
using System.Globalization;

namespace PortWatch.IntegrationTests.Infrastructure;

/// <summary>
/// A real process that owns real listeners: it names itself (any bytes), opens the sockets asked for and keeps
/// them until disposed. Specs are <c>tcp:127.0.0.1:0</c>, <c>udp:[::]:0</c>, <c>tcp:0.0.0.0:12</c>.
/// </summary>
internal sealed class TestListenerProcess : IAsyncDisposable
{
    private readonly Process process;
    private bool disposed;

    private TestListenerProcess(Process process, IReadOnlyList<ListenerIdentity> listeners)
    {
        this.process = process;
        Listeners = listeners;
    }

    public int Pid => process.Id;

    public IReadOnlyList<ListenerIdentity> Listeners { get; }

    public static async Task<TestListenerProcess> StartAsync(byte[] name, params string[] specs) =>
        await StartAsync(name, 1, specs);

    public static async Task<TestListenerProcess> StartAsync(byte[] name, int reusePort, params string[] specs) =>
        await StartAsync(name, reusePort, lifetime: null, specs);

    /// <summary>Opens the listeners, keeps them <paramref name="lifetime"/>, closes them and exits on its own.</summary>
    public static async Task<TestListenerProcess> OpenBrieflyAsync(byte[] name, TimeSpan lifetime, params string[] specs) =>
        await StartAsync(name, 1, lifetime, specs);

    /// <summary>As <see cref="OpenBrieflyAsync"/>, inside a named network namespace (<c>ip netns exec</c>).</summary>
    public static async Task<TestListenerProcess> OpenBrieflyInNamespaceAsync(string netns, string cgroupProcs, byte[] name, TimeSpan lifetime, params string[] specs) =>
        await StartAsync(name, 1, lifetime, specs, ["sh", "-c", $"echo $$ > '{cgroupProcs}' && exec \"$0\" \"$@\"", "ip", "netns", "exec", netns]);

    /// <summary>Opens the listeners inside a named network namespace (<c>ip netns exec</c>, which execs the listener: the pid stays).</summary>
    public static async Task<TestListenerProcess> StartInNamespaceAsync(string netns, byte[] name, params string[] specs) =>
        await StartAsync(name, 1, null, specs, ["ip", "netns", "exec", netns]);

    /// <summary>As above, the process first moved into a cgroup (its <c>cgroup.procs</c>), so that no scan ever sees it outside.</summary>
    public static async Task<TestListenerProcess> StartInNamespaceAsync(string netns, string cgroupProcs, byte[] name, params string[] specs) =>
        await StartAsync(name, 1, null, specs, ["sh", "-c", $"echo $$ > '{cgroupProcs}' && exec \"$0\" \"$@\"", "ip", "netns", "exec", netns]);

    /// <summary>Opens the listeners in the host's namespace, the process first moved into a cgroup (its <c>cgroup.procs</c>).</summary>
    public static async Task<TestListenerProcess> StartInCgroupAsync(string cgroupProcs, byte[] name, params string[] specs) =>
        await StartAsync(name, 1, null, specs, ["sh", "-c", $"echo $$ > '{cgroupProcs}' && exec \"$0\" \"$@\""]);

    private static async Task<TestListenerProcess> StartAsync(byte[] name, int reusePort, TimeSpan? lifetime, string[] specs, string[]? launcher = null)
    {
        launcher ??= [];
        var start = new ProcessStartInfo(launcher.Length > 0 ? launcher[0] : RepositoryPaths.Dotnet)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (launcher.Length > 0)
        {
            foreach (var part in launcher.Skip(1))
            {
                start.ArgumentList.Add(part);
            }

            start.ArgumentList.Add(RepositoryPaths.Dotnet);
        }

        start.ArgumentList.Add(RepositoryPaths.TestListener);
        start.ArgumentList.Add("--name-hex");
        start.ArgumentList.Add(Convert.ToHexString(name));
        start.ArgumentList.Add("--reuseport");
        start.ArgumentList.Add(reusePort.ToString(CultureInfo.InvariantCulture));
        if (lifetime is { } keep)
        {
            start.ArgumentList.Add("--lifetime-ms");
            start.ArgumentList.Add(((int)keep.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        }

        foreach (var spec in specs)
        {
            start.ArgumentList.Add(spec);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the test listener");
        var listeners = new List<ListenerIdentity>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line && line != "ready")
        {
            // "listening tcp 127.0.0.1 41234"
            var fields = line.Split(' ');
            var family = fields[2].Contains(':', StringComparison.Ordinal) ? "ipv6" : "ipv4";
            listeners.Add(new ListenerIdentity(fields[1], family, fields[2], int.Parse(fields[3], CultureInfo.InvariantCulture)));
        }

        if (listeners.Count != specs.Length)
        {
            var error = await process.StandardError.ReadToEndAsync(timeout.Token);
            process.Kill();
            throw new InvalidOperationException($"the test listener opened {listeners.Count} of {specs.Length} listeners: {error}");
        }

        return new TestListenerProcess(process, listeners);
    }

    /// <summary>Waits for a process started with a lifetime to have closed its listeners and exited.</summary>
    public async Task WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Whether this process can bind a port below 1024 (root, or CAP_NET_BIND_SERVICE).</summary>
    public static async Task<bool> CanBindPrivilegedAsync()
    {
        try
        {
            await using var probe = await StartAsync("probe"u8.ToArray(), "tcp:127.0.0.1:1");
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
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

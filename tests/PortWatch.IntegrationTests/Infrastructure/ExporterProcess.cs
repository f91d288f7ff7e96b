using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace PortWatch.IntegrationTests.Infrastructure;

/// <summary>The exporter as users run it: a real process, Kestrel on loopback, scanning the real /proc.</summary>
internal sealed class ExporterProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private readonly Process process;
    private readonly StringBuilder log = new();

    private ExporterProcess(Process process, int port, ExporterClient? client)
    {
        this.process = process;
        Port = port;
        BaseAddress = new Uri($"{client?.Scheme ?? "http"}://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        Http = new HttpClient(client?.Handler() ?? new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        Http.DefaultRequestHeaders.Authorization = client?.Authorization;
        process.ErrorDataReceived += (_, e) =>
        {
            lock (log)
            {
                log.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    public int Pid => process.Id;

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    /// <summary>Starts the exporter on a free loopback port with a 1s scan and waits until /-/ready says so.</summary>
    public static Task<ExporterProcess> StartAsync(params string[] arguments) => StartAsync(defaults: false, arguments);

    /// <summary>Starts the exporter on a free loopback port; with <paramref name="defaults"/>, nothing else is set.</summary>
    public static Task<ExporterProcess> StartAsync(bool defaults, params string[] arguments) => StartUnderAsync([], defaults, arguments);

    /// <summary>Starts the exporter through <paramref name="launcher"/> (such as setpriv dropping a capability), which must exec it.</summary>
    public static Task<ExporterProcess> StartUnderAsync(string[] launcher, bool defaults, params string[] arguments) =>
        StartUnderAsync(launcher, RepositoryPaths.Exporter, defaults, client: null, arguments);

    /// <summary>As above, from another copy of the program (<see cref="UnprivilegedCopy"/>, for a launcher that drops to another user).</summary>
    public static Task<ExporterProcess> StartUnderAsync(string[] launcher, string exporterPath, bool defaults, params string[] arguments) =>
        StartUnderAsync(launcher, exporterPath, defaults, client: null, arguments);

    /// <summary>Starts the exporter behind a web configuration file; <paramref name="client"/> says how <see cref="Http"/> reaches it (and waits for /-/ready).</summary>
    public static Task<ExporterProcess> StartWithAsync(ExporterClient client, params string[] arguments) =>
        StartUnderAsync([], RepositoryPaths.Exporter, defaults: false, client, arguments);

    private static async Task<ExporterProcess> StartUnderAsync(string[] launcher, string exporterPath, bool defaults, ExporterClient? client, string[] arguments)
    {
        var port = FreePort.Next();
        var start = new ProcessStartInfo(launcher.Length > 0 ? launcher[0] : RepositoryPaths.Dotnet)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
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

        start.ArgumentList.Add(exporterPath);
        start.ArgumentList.Add($"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        if (!defaults && !arguments.Any(a => a.StartsWith("--scan.interval", StringComparison.Ordinal)))
        {
            start.ArgumentList.Add("--scan.interval=1s");
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var exporter = new ExporterProcess(Process.Start(start) ?? throw new InvalidOperationException("cannot start portwatch"), port, client);
        await exporter.WaitReadyAsync();
        return exporter;
    }

    public async Task<string> ScrapeAsync()
    {
        using var response = await Http.GetAsync("metrics");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Scrapes until <paramref name="condition"/> holds of the body (scans run every second).</summary>
    public async Task<string> ScrapeUntilAsync(Func<string, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        string body;
        do
        {
            body = await ScrapeAsync();
            if (condition(body))
            {
                return body;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"the condition did not hold within the timeout; last scrape:\n{body}\nlog:\n{Log}");
    }

    /// <summary>
    /// Waits until the log holds <paramref name="text"/>. The exporter's logger writes from a queue of its own, so a
    /// line can reach the test after a scrape that already shows what it says.
    /// </summary>
    public async Task WaitForLogAsync(string text, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!Log.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"the log never said \"{text}\"; log:\n{Log}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Stops the exporter as systemd would (SIGTERM) and waits for it to exit.</summary>
    public async Task<int> StopAsync()
    {
        if (!process.HasExited)
        {
            Privileges.Signal(process.Id, SigTerm);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        Http.Dispose();
        process.Dispose();
    }

    private async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"portwatch exited with {process.ExitCode}:\n{Log}");
            }

            try
            {
                using var response = await Http.GetAsync("-/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"portwatch was not ready within 30 s:\n{Log}");
    }
}

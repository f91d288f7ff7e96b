using System.Globalization;
using System.Text.RegularExpressions;
using static PortWatch.Scale.Measure;

namespace PortWatch.Scale;

/// <summary>
/// The scrape storm (docs/benchmarks.md, docs/security.md "Limits under load"): wrk with 64 connections for 30 s
/// against the published exporter on loopback, this machine's listeners plus 1,000, for each request limit (and once
/// with 10,000, past scan.max-listeners: the largest exposition the defaults serve); the
/// status codes wrk saw (bench/storm.lua), its socket errors, and the exporter's resident memory before, every
/// second during, and after.
/// </summary>
internal static partial class Storm
{
    private const string PrometheusAccept = "application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2";

    /// <summary>(name, extra listeners, --web.max-requests, whether to ask as Prometheus does: OpenMetrics, gzip; wide: many more connections).</summary>
    private static readonly (string Name, int Listeners, int MaxRequests, bool AsPrometheus, bool Wide)[] Runs =
    [
        ("default limit (40), plain text", 1000, 40, false, false),
        ("default limit (40), as Prometheus asks (OpenMetrics, gzip)", 1000, 40, true, false),
        ("limit 8, plain text", 1000, 8, false, false),
        ("no limit (0), plain text", 1000, 0, false, false),
        ("no limit (0), as Prometheus asks (OpenMetrics, gzip)", 1000, 0, true, false),
        ("default limit (40), plain text, 10,000 extra listeners (scan.max-listeners bites)", 10000, 40, false, false),
        ("default limit (40), plain text", 1000, 40, false, true),
        ("no limit (0), plain text", 1000, 0, false, true),
    ];

    /// <summary>The connections of the wide runs: a storm far past the limit.</summary>
    private const int WideConnections = 512;

    /// <param name="group">Which runs: <c>storm</c> (64 connections by default), <c>wide</c> (512), or null for both.</param>
    public static void Run(string exporter, string script, int seconds, int connections, string? group)
    {
        Console.WriteLine($"# PortWatch scrape storm, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine();
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim()}, " +
            $"kernel {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}; {Measure.Run("wrk", "-v").Split('\n')[0].Trim()}");
        Console.WriteLine();

        Fixture.RaiseDescriptorLimit();
        using var fixture = new Fixture();
        var results = new List<string>();
        var samples = new List<string>();
        foreach (var (name, extra, max, asPrometheus, wide) in Runs.Where(r => group is null || (group == "wide") == r.Wide))
        {
            fixture.SetListeners(extra);
            var clients = wide ? WideConnections : connections;
            using var portwatch = Server.Start(exporter, port =>
                [$"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", $"--web.max-requests={max.ToString(CultureInfo.InvariantCulture)}"], "/-/ready");
            using var http = new HttpClient();
            var first = http.GetStringAsync(portwatch.Url("/metrics")).GetAwaiter().GetResult();
            var listeners = Value(first, "portwatch_listener_info", count: true);
            var dropped = first.Split('\n').Where(l => l.StartsWith("portwatch_listeners_dropped{", StringComparison.Ordinal)).Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
            var bytes = System.Text.Encoding.UTF8.GetByteCount(first);
            Thread.Sleep(TimeSpan.FromSeconds(5));
            var (rssBefore, hwmBefore) = Memory(portwatch.Pid);
            var rejectedBefore = Value(first, "portwatch_http_requests_rejected_total");
            var cpu = CpuSeconds(portwatch.Pid);

            // A response within Prometheus's default scrape timeout (10 s) is a scrape that succeeded; wrk's default is 2 s.
            List<string> arguments = ["-t2", $"-c{clients.ToString(CultureInfo.InvariantCulture)}", $"-d{seconds.ToString(CultureInfo.InvariantCulture)}s", "--timeout", "10s", "--latency", "-s", script];
            if (asPrometheus)
            {
                arguments.AddRange(["-H", $"Accept: {PrometheusAccept}", "-H", "Accept-Encoding: gzip"]);
            }

            arguments.Add(portwatch.Url("/metrics"));
            var wrk = Task.Run(() => Measure.Run("wrk", [.. arguments]));
            var during = new List<double>();
            while (!wrk.Wait(TimeSpan.FromSeconds(1)))
            {
                during.Add(Memory(portwatch.Pid).Rss);
            }

            var used = CpuSeconds(portwatch.Pid) - cpu;
            var output = wrk.Result;
            Thread.Sleep(TimeSpan.FromSeconds(10));
            var (rssAfter, hwmAfter) = Memory(portwatch.Pid);
            var last = http.GetStringAsync(portwatch.Url("/metrics")).GetAwaiter().GetResult();
            var rejected = Value(last, "portwatch_http_requests_rejected_total") - rejectedBefore;

            var statuses = StatusLine().Matches(output).ToDictionary(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m => long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
            var ok = statuses.GetValueOrDefault(200);
            var unavailable = statuses.GetValueOrDefault(503);
            var other = statuses.Where(s => s.Key is not (200 or 503)).Sum(s => s.Value);
            var errors = SocketErrors().Match(output) is { Success: true } e ? e.Groups[1].Value : "connect 0, read 0, write 0, timeout 0";
            var rate = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            var p99 = Percentile().Match(output) is { Success: true } p ? p.Groups[1].Value : "?";
            results.Add($"| {name} | {clients} | {listeners:N0} (+{dropped:N0} left out) | {bytes / 1024:N0} KiB | {rate:N0} | {ok:N0} | {unavailable:N0} | {other:N0} | {errors} | {p99} | {rejected:N0} | {F(used / seconds * 100, "F0")}% | " +
                $"{F(rssBefore, "F1")} | {F(during.Min(), "F1")} / {F(Median(during), "F1")} / {F(during.Max(), "F1")} | {F(rssAfter, "F1")} | {F(hwmBefore, "F1")} → {F(hwmAfter, "F1")} |");
            samples.Add($"- {name}, {clients} connections: {string.Join(" ", during.Select(d => F(d, "F1")))}");
        }

        Console.WriteLine($"## {seconds} s storms (wrk -t2 --timeout 10s, on the same two cores), this machine's listeners plus 1,000 (or 10,000)");
        Console.WriteLine();
        Console.WriteLine("| run | connections | listener series | text body | requests/s | 200 | 503 | other | socket errors | p99 latency | 503s the exporter counted | exporter CPU (of one core) | RSS before (MiB) | RSS during: min / median / max | RSS 10 s after | VmHWM before → after |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        results.ForEach(Console.WriteLine);
        Console.WriteLine();
        Console.WriteLine("Resident memory every second during each storm (MiB):");
        Console.WriteLine();
        samples.ForEach(Console.WriteLine);
    }

    private static (double Rss, double Hwm) Memory(int pid)
    {
        double Field(string name) => double.Parse(
            File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status").First(l => l.StartsWith(name, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
            CultureInfo.InvariantCulture) / 1024;
        return (Field("VmRSS:"), Field("VmHWM:"));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>The value of an unlabelled series, or with <paramref name="count"/> the number of series of a family.</summary>
    private static double Value(string body, string metric, bool count = false)
    {
        var lines = body.Split('\n').Where(l => l.StartsWith(metric + (count ? "{" : " "), StringComparison.Ordinal)).ToList();
        return count ? lines.Count : double.Parse(lines.Single()[(metric.Length + 1)..], CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^status (\d+) (\d+)$", RegexOptions.Multiline)]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"Socket errors: (.*)$", RegexOptions.Multiline)]
    private static partial Regex SocketErrors();

    [GeneratedRegex(@"^Requests/sec:\s+([0-9.]+)", RegexOptions.Multiline)]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"^\s+99%\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex Percentile();
}

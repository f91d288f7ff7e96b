using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PortWatch.Scale;

/// <summary>
/// The eBPF tracer's cost and gain (issue 18), in one run: the time from <c>listen()</c> to the listener's series
/// in <c>/metrics</c> over 50 listeners, and the exporter's CPU under the churn of <see cref="Churn"/>, each with the
/// tracer on (the default, as root) and off (<c>--scan.tracer=none</c>), at the defaults otherwise (1 s scans).
/// </summary>
internal static class TracerBench
{
    private const int Listeners = 50;

    public static void Run(string exporter, bool quick)
    {
        Console.WriteLine("## The eBPF tracer");
        Console.WriteLine();
        Console.WriteLine($"| tracer | listen() to /metrics, median of {Listeners} | p90 | max | CPU under churn (share of one core) | connections/s |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var mode in new[] { "auto", "none" })
        {
            using var portwatch = Server.Start(exporter, port => [$"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", $"--scan.tracer={mode}"], "/-/ready");
            using var http = new HttpClient();
            var info = http.GetStringAsync(portwatch.Url("/metrics")).GetAwaiter().GetResult().Split('\n').First(l => l.StartsWith("portwatch_tracer_info", StringComparison.Ordinal));
            var latencies = Latencies(http, portwatch);
            latencies.Sort();
            var cpu = Measure.CpuSeconds(portwatch.Pid);
            var (connections, seconds) = Churn.Run(TimeSpan.FromSeconds(quick ? 5 : 15));
            var used = Measure.CpuSeconds(portwatch.Pid) - cpu;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| `{info}` | {latencies[latencies.Count / 2]:F1} ms | {latencies[latencies.Count * 9 / 10]:F1} ms | {latencies[^1]:F1} ms | {used / seconds * 100:F2}% | {connections / seconds:N0} |"));
        }

        Console.WriteLine();
    }

    /// <summary>For each listener: opened on a port outside the ephemeral range, the milliseconds until a scrape shows it, then closed.</summary>
    private static List<double> Latencies(HttpClient http, Server portwatch)
    {
        var latencies = new List<double>();
        for (var i = 0; i < Listeners; i++)
        {
            var port = 20000 + i;
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            var needle = $"address=\"127.0.0.1\",port=\"{port.ToString(CultureInfo.InvariantCulture)}\"";
            var clock = Stopwatch.StartNew();
            socket.Listen();
            while (!http.GetStringAsync(portwatch.Url("/metrics")).GetAwaiter().GetResult().Contains(needle, StringComparison.Ordinal))
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(10))
                {
                    throw new TimeoutException($"listener {port} not in /metrics after 10 s");
                }

                Thread.Sleep(1);
            }

            latencies.Add(clock.Elapsed.TotalMilliseconds);
            Thread.Sleep(Random.Shared.Next(0, 1000)); // The next listen() lands anywhere in the scan interval.
        }

        return latencies;
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Hosting;

/// <summary>
/// A busy host: thousands of short TCP connections and UDP sends a second, beside the exporter on its defaults.
/// No TCP client socket ever becomes a listener, UDP senders add no flood of series, and the kernel's filter keeps
/// the destroy events of all those sockets away from the exporter.
/// </summary>
public sealed class ChurnTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ClientChurn_NoClientBecomesAListenerAndTheDestroyStreamStaysQuiet()
    {
        await using var exporter = await ExporterProcess.StartAsync(defaults: true);
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        server.Listen(4096);
        using var sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var before = await exporter.ScrapeAsync();
        var receivedBefore = Value(before, "portwatch_destroy_events_received_total");
        var cpuBefore = CpuSeconds(exporter.Pid);

        var tcpPorts = new ConcurrentBag<int>();
        var udpPorts = new ConcurrentBag<int>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var accepting = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    server.Accept().Dispose();
                }
                catch (SocketException)
                {
                    return;
                }
            }
        });
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                using (var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
                {
                    client.Connect(server.LocalEndPoint!);
                    tcpPorts.Add(((IPEndPoint)client.LocalEndPoint!).Port);
                }

                using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                udp.SendTo([1], sink.LocalEndPoint!);
                udpPorts.Add(((IPEndPoint)udp.LocalEndPoint!).Port);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var seconds = clock.Elapsed.TotalSeconds;
        server.Close();
        await accepting;
        var cpu = CpuSeconds(exporter.Pid) - cpuBefore;
        var scans = Value(await exporter.ScrapeAsync(), "portwatch_scans_total");
        var after = await exporter.ScrapeUntilAsync(b => Value(b, "portwatch_scans_total") >= scans + 2);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{tcpPorts.Count / seconds:F0} TCP connections and {udpPorts.Count / seconds:F0} UDP senders a second for {seconds:F1} s; the exporter used {cpu / seconds * 100:F1}% of a core meanwhile"));
        tcpPorts.Count.ShouldBeGreaterThan(2000);
        var listed = Scrape.Series(after, "portwatch_listener_info").Select(s => (Protocol: s.Labels["protocol"], Port: int.Parse(s.Labels["port"], CultureInfo.InvariantCulture))).ToList();
        var tcpClients = tcpPorts.ToHashSet();
        var udpSenders = udpPorts.ToHashSet();
        listed.Where(l => l.Protocol == "tcp" && tcpClients.Contains(l.Port)).ShouldBeEmpty("TCP client sockets reported as listeners");
        listed.Count(l => l.Protocol == "udp" && udpSenders.Contains(l.Port)).ShouldBeLessThanOrEqualTo(3, "UDP senders reported as listeners after they closed");
        (Value(after, "portwatch_destroy_events_received_total") - receivedBefore).ShouldBeLessThan(50, "destroy events the kernel should have filtered out");
    }

    private static double Value(string body, string metric) => Scrape.Series(body, metric).Single().Value;

    private static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}

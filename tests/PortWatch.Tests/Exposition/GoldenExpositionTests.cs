using System.Net;
using System.Text;
using PortWatch.Exposition;
using PortWatch.Listeners;
using PortWatch.Owners;
using PortWatch.Processes;
using PortWatch.Registry;
using PortWatch.Scanning;
using PortWatch.Sockets;
using PortWatch.State;
using PortWatch.TestSupport;
using PortWatch.Tests.TestSupport;
using Prometheus;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Exposition;

/// <summary>
/// The whole exposition of one fixed scan (the listener families and the exporter's registry, without the
/// families that describe this process), compared byte for byte with Fixtures/golden.prom and, in OpenMetrics,
/// Fixtures/golden.om. When the output changes on purpose, the test writes what it got beside the test binary
/// (golden.actual.prom, golden.actual.om): read it, and copy it over the fixture if it is right.
/// </summary>
public sealed class GoldenExpositionTests
{
    private static readonly DateTimeOffset Baseline = DateTimeOffset.FromUnixTimeMilliseconds(1_772_366_400_000);
    private static readonly DateTimeOffset StartedAt = Baseline.AddHours(2);

    [Theory]
    [InlineData(ExpositionFormat.PrometheusText, "prom")]
    [InlineData(ExpositionFormat.OpenMetricsText, "om")]
    public void Render_FixedScan_MatchesTheGoldenFileByteForByte(ExpositionFormat format, string extension)
    {
        var actual = Render(Listeners(), format);
        var expected = File.ReadAllBytes(Fixtures.PathOf($"golden.{extension}"));

        if (!actual.AsSpan().SequenceEqual(expected))
        {
            var path = Path.Combine(AppContext.BaseDirectory, $"golden.actual.{extension}");
            File.WriteAllBytes(path, actual);
            Encoding.UTF8.GetString(actual).ShouldBe(Encoding.UTF8.GetString(expected), $"the exposition differs from Fixtures/golden.{extension}; the output is in {path}");
        }

        actual.ShouldBe(expected);
    }

    [Fact]
    public void Render_Families_AppearOnceEachListenerFamiliesFirst()
    {
        var families = ExpositionText.Families(Encoding.UTF8.GetString(Render(Listeners())));

        families.ShouldBeUnique();
        families.Take(3).ShouldBe([MetricNames.ListenerFirstSeen, MetricNames.ListenerInfo, MetricNames.ListenerLastSeen]);
    }

    [Fact]
    public void Render_OpenMetrics_EndsWithEofOnce()
    {
        var text = Encoding.UTF8.GetString(Render(Listeners(), ExpositionFormat.OpenMetricsText));

        text.ShouldEndWith("# EOF\n");
        text.Split("# EOF").Length.ShouldBe(2);
    }

    [Fact]
    public void Render_ListenersInAnotherOrder_GiveTheSameBytes()
    {
        var listeners = Listeners();
        var reversed = Enumerable.Reverse(listeners).ToList();

        Render(reversed).ShouldBe(Render(listeners));
    }

    [Fact]
    public void Render_HostileProcessName_IsEscapedOnOneLine()
    {
        var text = Encoding.UTF8.GetString(Render(Listeners()));

        text.ShouldContain("process=\"a\\\"b\\\\x5cc\\\\x0ad\"");
        text.Split('\n').ShouldAllBe(line => line.Length == 0 || line.StartsWith('#') || line.StartsWith("portwatch_", StringComparison.Ordinal));
    }

    private static byte[] Render(IReadOnlyList<Listener> listeners, ExpositionFormat format = ExpositionFormat.PrometheusText)
    {
        var result = new ScanResult(
            StartedAt,
            true,
            null,
            null,
            listeners,
            Baseline,
            StartedAt.AddMilliseconds(4),
            new Dictionary<ScanStage, TimeSpan>
            {
                [ScanStage.Enumerate] = TimeSpan.FromMilliseconds(1.25),
                [ScanStage.Attribute] = TimeSpan.FromMilliseconds(2.5),
                [ScanStage.Classify] = TimeSpan.FromMilliseconds(0.25),
            },
            new Dictionary<string, int> { ["net/tcp"] = 1, ["net/tcp6"] = 0, ["net/udp"] = 0, ["net/udp6"] = 0 },
            [],
            2);
        var options = new ScanOptions { Retention = TimeSpan.FromMinutes(5), Interval = TimeSpan.FromSeconds(15) };
        var registry = new PortRegistry(RegistryRecords(), new RegistryInfo(RegistryInfo.Embedded, new DateOnly(2026, 1, 2)));
        var metrics = new TestMetrics(options, registry);
        var failed = result with { Success = false, FailedStage = ScanStage.Enumerate, MalformedLines = new Dictionary<string, int>() };
        metrics.Scan.RecordScan(failed);
        metrics.ShortLived.RecordScan(failed);
        metrics.Scan.RecordScan(result);
        metrics.ShortLived.RecordScan(result);
        metrics.Scan.RecordPublished(result, TimeSpan.FromMilliseconds(0.5));
        metrics.Listeners.RecordPublished(result);
        return Encoding.UTF8.GetBytes(ExpositionText.Render(ListenerExposition.Build(listeners), metrics.Metrics, format));
    }

    private static List<IanaRecord> RegistryRecords() => [.. TestRegistry.Parse(
        ",0,,Reserved,,,,,,,,",
        ",12,tcp,Unassigned,,,,,,,,",
        "ssh,22,tcp,The Secure Shell (SSH) Protocol,,,,,,,,",
        "ssh,22,udp,The Secure Shell (SSH) Protocol,,,,,,,,",
        ",24,,any private mail system,,,,,,,,",
        "domain,53,tcp,Domain Name Server,,,,,,,,",
        "domain,53,udp,Domain Name Server,,,,,,,,",
        "x11,6000-6063,tcp,X Window System,,,,,,,Known Unauthorized Use on port 6003,",
        "sctp-only,9,sctp,An SCTP service,,,,,,,,").Records];

    private static List<Listener> Listeners()
    {
        var registry = new PortRegistry(RegistryRecords(), new RegistryInfo(RegistryInfo.Embedded, new DateOnly(2026, 1, 2)));
        var hostile = ProcessName.FromComm("a\"b\\c\nd\n"u8);
        hostile.ShouldBe("a\"b\\x5cc\\x0ad");
        SocketRecord[] sockets =
        [
            Socket(TransportProtocol.Tcp, "0.0.0.0", 22, 1),
            Socket(TransportProtocol.Tcp, "::", 22, 2),
            Socket(TransportProtocol.Tcp, "127.0.0.1", 12, 3),
            Socket(TransportProtocol.Tcp, "::ffff:127.0.0.1", 6003, 4),
            Socket(TransportProtocol.Tcp, "192.0.2.10", 50000, 5),
            Socket(TransportProtocol.Tcp, "192.0.2.10", 50000, 6),
            Socket(TransportProtocol.Udp, "0.0.0.0", 53, 7),
            Socket(TransportProtocol.Udp, "::1", 24, 8),
            Socket(TransportProtocol.Udp, "0.0.0.0", 0, 9),
            Socket(TransportProtocol.Tcp, "0.0.0.0", 12, 11) with { Netns = 4026532890 }, // Inside a container's network namespace.
        ];
        var sshd = new ProcessOwner("sshd.service", "none", "none", "none");
        var pod = new ProcessOwner("none", "3f2a9c1b7d4e", "web-7d9f", "shop");
        var owners = new SocketOwners(
            new Dictionary<ulong, IReadOnlyList<ProcessInfo>>
            {
                [1] = [new(812, "sshd") { Owner = sshd, Executable = ExecutableClass.File }],
                [2] = [new(812, "sshd") { Owner = sshd, Executable = ExecutableClass.File }],
                [3] = [new(4242, hostile)],
                [4] = [new(1500, "Xorg")],
                [5] = [new(2001, "nginx-ü") { Executable = ExecutableClass.Replaced }],
                [6] = [new(2000, "nginx-ü") { Executable = ExecutableClass.Replaced }, new(2002, "python3") { Executable = ExecutableClass.Writable }],
                [7] = [new(600, "systemd-resolve") { Owner = new("systemd-resolved.service", "none", "none", "none") }, new(700, "dnsmasq") { Owner = ProcessOwner.None }],
                [11] = [new(9100, "nc") { Owner = pod, Executable = ExecutableClass.Memfd }],
            },
            9,
            2,
            1);
        ExpectedListener[] expected = [new(TransportProtocol.Tcp, 22, 22, "sshd", null), new(TransportProtocol.Udp, 53, 53, null, null)];
        var sightings = sockets.Select(ListenerKey.Of).Distinct().ToDictionary(
            key => key,
            key => key.Port == 12 ? new ListenerSighting(Baseline.AddMinutes(61.5), StartedAt) : new ListenerSighting(Baseline, StartedAt));
        var listeners = ListenerBuilder.Build(sockets, owners, registry, expected, sightings, StartedAt);

        // A listener that closed a minute ago and is retained.
        var closedKey = new ListenerKey(TransportProtocol.Tcp, IpFamily.IPv4, IPAddress.Any, 4444);
        var closed = ListenerBuilder.Build([Socket(TransportProtocol.Tcp, "0.0.0.0", 4444, 10)], SocketOwners.None, registry, [],
            new Dictionary<ListenerKey, ListenerSighting> { [closedKey] = new(Baseline.AddMinutes(100), StartedAt.AddMinutes(-1)) }, StartedAt);
        listeners.Add(closed.Single() with { IsOpen = false, LastSeen = StartedAt.AddMinutes(-1) });
        listeners.Sort(Listener.Order);
        return listeners;
    }

    private static SocketRecord Socket(TransportProtocol protocol, string address, int port, ulong inode)
    {
        var ip = IPAddress.Parse(address);
        var family = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? IpFamily.IPv4 : IpFamily.IPv6;
        return new SocketRecord(protocol, family, ip, port, inode, 0);
    }
}

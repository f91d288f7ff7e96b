using System.Net;
using PortWatch.Exposition;
using PortWatch.Processes;
using PortWatch.Registry;
using PortWatch.Scanning;
using PortWatch.Sockets;
using PortWatch.State;
using PortWatch.Tests.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Exposition;

public sealed class ListenerFamiliesTests
{
    private static readonly DateTimeOffset Baseline = DateTimeOffset.FromUnixTimeMilliseconds(1_772_366_400_000);
    private static readonly DateTimeOffset Now = Baseline.AddSeconds(90.25);
    private static readonly PortRegistry Registry = TestRegistry.Small();

    [Fact]
    public void Build_Listeners_WritesOneInfoSeriesEachWithEveryLabel()
    {
        var result = Result(
            Listener("tcp", "0.0.0.0", 22, [new(1, "sshd")], expected: true),
            Listener("udp", "::1", 12, []));

        var info = ListenerFamilies.Build(result, new ScanOptions()).Family(MetricNames.ListenerInfo);

        info.LabelNames.ShouldBe(["protocol", "family", "address", "port", "exposure", "range", "iana_status", "iana_service", "process", "expected"]);
        info.Value("protocol=tcp", "family=ipv4", "address=0.0.0.0", "port=22", "exposure=wildcard", "range=system",
            "iana_status=assigned", "iana_service=ssh", "process=sshd", "expected=true").ShouldBe(1);
        info.Value("protocol=udp", "family=ipv6", "address=::1", "port=12", "exposure=loopback", "range=system",
            "iana_status=unassigned", "iana_service=none", "process=unknown", "expected=false").ShouldBe(1);
        info.Samples.Count.ShouldBe(2);
    }

    [Fact]
    public void Build_FirstSeen_IsUnixSecondsWithMilliseconds()
    {
        var result = Result(Listener("tcp", "0.0.0.0", 22, [], firstSeen: Baseline.AddMilliseconds(1500)));

        var firstSeen = ListenerFamilies.Build(result, new ScanOptions()).Family(MetricNames.ListenerFirstSeen);

        firstSeen.LabelNames.ShouldBe(["protocol", "family", "address", "port"]);
        firstSeen.Value("protocol=tcp", "family=ipv4", "address=0.0.0.0", "port=22").ShouldBe(1_772_366_401.5);
    }

    [Fact]
    public void Build_Counts_HaveEveryProtocolRangeStatusCombinationWithZeros()
    {
        var result = Result(
            Listener("tcp", "0.0.0.0", 22, []),
            Listener("tcp", "::", 22, []),
            Listener("tcp", "0.0.0.0", 12, []),
            Listener("udp", "0.0.0.0", 50000, []),
            Listener("tcp", "0.0.0.0", 6001, []));

        var counts = ListenerFamilies.Build(result, new ScanOptions()).Family(MetricNames.Listeners);

        counts.Samples.Count.ShouldBe(2 * 3 * 4);
        counts.Value("protocol=tcp", "range=system", "iana_status=assigned").ShouldBe(2);
        counts.Value("protocol=tcp", "range=system", "iana_status=unassigned").ShouldBe(1);
        counts.Value("protocol=tcp", "range=user", "iana_status=assigned").ShouldBe(1);
        counts.Value("protocol=udp", "range=dynamic", "iana_status=unassigned").ShouldBe(1);
        counts.Value("protocol=udp", "range=system", "iana_status=private").ShouldBe(0);
        counts.Samples.Sum(s => s.Value).ShouldBe(5);
        foreach (var protocol in new[] { "tcp", "udp" })
        {
            foreach (var range in new[] { "system", "user", "dynamic" })
            {
                foreach (var status in new[] { "assigned", "reserved", "private", "unassigned" })
                {
                    Should.NotThrow(() => counts.Value($"protocol={protocol}", $"range={range}", $"iana_status={status}"));
                }
            }
        }
    }

    [Fact]
    public void Build_OnlyTcpScanned_CountsOnlyTcp()
    {
        var options = new ScanOptions { Protocols = new HashSet<TransportProtocol> { TransportProtocol.Tcp } };

        var counts = ListenerFamilies.Build(Result(), options).Family(MetricNames.Listeners);

        counts.Samples.Count.ShouldBe(12);
        counts.Samples.ShouldAllBe(s => s.LabelValues[0] == "tcp" && s.Value == 0);
    }

    [Fact]
    public void Build_NoRetention_HasNoLastSeen()
    {
        var families = ListenerFamilies.Build(Result(Listener("tcp", "0.0.0.0", 22, [])), new ScanOptions()).ToList();

        families.Select(f => f.Name).ShouldNotContain(MetricNames.ListenerLastSeen);
    }

    [Fact]
    public void Build_Retention_HasLastSeenForOpenAndClosedListeners()
    {
        var closed = Listener("tcp", "0.0.0.0", 4444, []) with { IsOpen = false, LastSeen = Baseline.AddSeconds(30) };
        var result = Result(Listener("tcp", "0.0.0.0", 22, []), closed);

        var families = ListenerFamilies.Build(result, new ScanOptions { Retention = TimeSpan.FromMinutes(5) }).ToList();

        var lastSeen = families.Family(MetricNames.ListenerLastSeen);
        lastSeen.Value("protocol=tcp", "family=ipv4", "address=0.0.0.0", "port=22").ShouldBe(Now.ToUnixTimeMilliseconds() / 1000.0);
        lastSeen.Value("protocol=tcp", "family=ipv4", "address=0.0.0.0", "port=4444").ShouldBe(1_772_366_430);
        families.Family(MetricNames.ListenerInfo).Samples.Count.ShouldBe(2);
    }

    [Fact]
    public void Build_Baseline_IsWrittenWhenKnown()
    {
        ListenerFamilies.Build(Result(), new ScanOptions()).Family(MetricNames.Baseline).Value().ShouldBe(1_772_366_400);
        ListenerFamilies.Build(Result() with { Baseline = null }, new ScanOptions()).Select(f => f.Name).ShouldNotContain(MetricNames.Baseline);
    }

    [Fact]
    public void Build_Families_HaveTheSpecNamesAndTypesAndHelpSaysScrapesServeTheLatestScan()
    {
        var families = ListenerFamilies.Build(Result(Listener("tcp", "0.0.0.0", 22, [])), new ScanOptions { Retention = TimeSpan.FromSeconds(1) }).ToList();

        families.Select(f => f.Name).ShouldBe(
        [
            "portwatch_listener_info",
            "portwatch_listener_first_seen_timestamp_seconds",
            "portwatch_listener_last_seen_timestamp_seconds",
            "portwatch_listeners",
            "portwatch_baseline_timestamp_seconds",
        ]);
        families.ShouldAllBe(f => f.Type == MetricType.Gauge);
        families.Take(4).ShouldAllBe(f => f.Help.Contains("a scrape serves the latest scan"));
    }

    private static ScanResult Result(params Listener[] listeners) => new(
        Now,
        true,
        null,
        null,
        listeners,
        Baseline,
        Now,
        new Dictionary<ScanStage, TimeSpan>(),
        new Dictionary<string, int>(),
        [],
        0);

    private static Listener Listener(string protocol, string address, int port, ProcessInfo[] processes, bool expected = false, DateTimeOffset? firstSeen = null)
    {
        SocketLabels.TryParseProtocol(protocol, out var parsed).ShouldBeTrue();
        var ip = IPAddress.Parse(address);
        var family = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? IpFamily.IPv4 : IpFamily.IPv6;
        var key = new ListenerKey(parsed, family, ip, port);
        var sightings = new Dictionary<ListenerKey, ListenerSighting> { [key] = new(firstSeen ?? Baseline, Now) };
        var owners = new SocketOwners(new Dictionary<ulong, IReadOnlyList<ProcessInfo>> { [1] = processes }, 1, 0, 0);
        ExpectedListener[] expectedList = expected ? [new(null, port, port, null, null)] : [];
        return ListenerBuilder.Build([new SocketRecord(parsed, family, ip, port, 1, 0)], owners, Registry, expectedList, sightings, Now).Single();
    }
}

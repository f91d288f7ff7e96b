using PortWatch.Exposition;
using PortWatch.Listeners;
using PortWatch.Processes;
using PortWatch.Tests.TestSupport;
using Shouldly;
using Xunit;
using static PortWatch.Tests.TestSupport.TestListeners;

namespace PortWatch.Tests.Exposition;

public sealed class ListenerFamiliesTests
{
    [Fact]
    public void Build_Listeners_WritesOneInfoSeriesEachWithEveryLabel()
    {
        var info = ListenerFamilies.Build(
            [Listener("tcp", "0.0.0.0", 22, [new(1, "sshd")], expected: true), Listener("udp", "::1", 12)]).Family(MetricNames.ListenerInfo);

        info.LabelNames.ShouldBe(["protocol", "family", "address", "port", "netns", "exposure", "reachable", "range", "iana_status", "iana_service", "process", "executable", "unit", "container", "pod", "k8s_namespace", "expected"]);
        info.LabelNames.ShouldBe(ListenerLabels.Info.Select(l => l.Name));
        info.Value("protocol=tcp", "family=ipv4", "address=0.0.0.0", "port=22", "netns=host", "exposure=wildcard", "reachable=unknown", "range=system",
            "iana_status=assigned", "iana_service=ssh", "process=sshd", "executable=unknown", "unit=unknown", "container=unknown", "pod=unknown", "k8s_namespace=unknown", "expected=true").ShouldBe(1);
        info.Value("protocol=udp", "family=ipv6", "address=::1", "port=12", "netns=host", "exposure=loopback", "reachable=unknown", "range=system",
            "iana_status=unassigned", "iana_service=none", "process=unknown", "executable=none", "unit=unknown", "container=unknown", "pod=unknown", "k8s_namespace=unknown", "expected=false").ShouldBe(1);
        info.Samples.Count.ShouldBe(2);
    }

    [Fact]
    public void Build_FirstSeen_IsUnixSecondsWithMillisecondsLabelledByIdentity()
    {
        var firstSeen = ListenerFamilies.Build([Listener("tcp", "0.0.0.0", 22, firstSeen: Baseline.AddMilliseconds(1500))])
            .Family(MetricNames.ListenerFirstSeen);

        firstSeen.LabelNames.ShouldBe(ListenerLabels.Identity.Select(l => l.Name));
        firstSeen.Value("protocol=tcp", "family=ipv4", "address=0.0.0.0", "port=22", "netns=host").ShouldBe(1_772_366_401.5);
    }

    [Fact]
    public void Build_LastSeen_HasASeriesAClosedListenerOnly()
    {
        var closed = Listener("tcp", "0.0.0.0", 4444) with { IsOpen = false, LastSeen = Baseline.AddSeconds(30) };

        var families = ListenerFamilies.Build([Listener("tcp", "0.0.0.0", 22), closed]);

        var lastSeen = families.Family(MetricNames.ListenerLastSeen);
        lastSeen.Samples.ShouldHaveSingleItem();
        lastSeen.Value("protocol=tcp", "family=ipv4", "address=0.0.0.0", "port=4444", "netns=host").ShouldBe(1_772_366_430);
        families.Family(MetricNames.ListenerInfo).Samples.Count.ShouldBe(2);
    }

    [Fact]
    public void Build_Families_AreInNameOrderAndHelpSaysScrapesServeTheLatestScan()
    {
        var families = ListenerFamilies.Build([Listener("tcp", "0.0.0.0", 22)]);

        families.Select(f => f.Name).ShouldBe(
        [
            "portwatch_listener_first_seen_timestamp_seconds",
            "portwatch_listener_info",
            "portwatch_listener_last_seen_timestamp_seconds",
        ]);
        families.Select(f => f.Name).ShouldBeInOrder(SortDirection.Ascending, StringComparer.Ordinal);
        families.ShouldAllBe(f => f.Help.Contains("a scrape serves the latest scan"));
    }

    [Fact]
    public void Build_NoListeners_GivesEmptyFamilies()
    {
        ListenerFamilies.Build([]).ShouldAllBe(f => f.Samples.Count == 0);
    }

    [Fact]
    public void Build_ProcessesOfOneListener_AreOneLabelValue()
    {
        ProcessInfo[] owners = [new(2, "nginx"), new(3, "nginx"), new(1, "master")];

        var info = ListenerFamilies.Build([Listener("tcp", "0.0.0.0", 80, owners)]).Family(MetricNames.ListenerInfo);

        info.Samples.ShouldHaveSingleItem().LabelValues[info.LabelNames.ToList().IndexOf("process")].ShouldBe("master,nginx");
    }
}

using System.Net;
using PortWatch.Listeners;
using PortWatch.Registry;
using PortWatch.Sockets;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Listeners;

public sealed class ListenerLimitTests
{
    private static readonly DateTimeOffset Baseline = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Select_FloodOf100000UnassignedUserPortsAndOneTcp12_KeepsTcp12()
    {
        // The flood was there first and sorts before nothing that matters; TCP 12 came last, so only its class keeps it.
        var flood = Flood(100_000, Baseline);
        var tcp12 = At(TransportProtocol.Tcp, "10.9.9.9", 12, firstSeen: Baseline.AddHours(1));
        List<Listener> all = [.. flood, tcp12];
        all.Sort(Listener.Order);

        var selection = ListenerLimit.Select(all, 10_000);

        selection.Kept.Count.ShouldBe(10_000);
        selection.Kept.ShouldContain(tcp12);
        selection.Dropped.Count.ShouldBe(90_001);
        selection.DroppedByClass[ListenerClass.Pages].ShouldBe(0);
        selection.DroppedByClass[ListenerClass.Unexpected].ShouldBe(90_001);
        selection.DroppedByClass[ListenerClass.Expected].ShouldBe(0);
        selection.Kept.Concat(selection.Dropped).Select(l => l.Key).ShouldBeUnique();
        (selection.Kept.Count + selection.Dropped.Count).ShouldBe(all.Count);
    }

    [Fact]
    public void Select_OverTheLimit_KeepsWhatPagesThenUnexpectedThenExpected()
    {
        // Expected listeners sort first and are the oldest; listeners that page sort last and are the newest.
        var expected = Enumerable.Range(1, 5).Select(i => At(TransportProtocol.Tcp, "127.0.0.1", 1024 + i, expected: true, firstSeen: Baseline)).ToList();
        var unexpected = Enumerable.Range(1, 5).Select(i => At(TransportProtocol.Tcp, "127.0.0.1", 2048 + i, firstSeen: Baseline.AddMinutes(i))).ToList();
        var pages = Enumerable.Range(1, 3).Select(i => At(TransportProtocol.Udp, "127.0.0.1", 10 + i, firstSeen: Baseline.AddHours(1))).ToList();
        List<Listener> all = [.. expected, .. unexpected, .. pages];
        all.Sort(Listener.Order);

        var selection = ListenerLimit.Select(all, 6);

        // The three that page, then the three oldest unexpected ones; no expected one.
        selection.Kept.ShouldBe([.. unexpected.Take(3), .. pages]);
        selection.DroppedByClass.ShouldBe(new Dictionary<ListenerClass, int> { [ListenerClass.Pages] = 0, [ListenerClass.Unexpected] = 2, [ListenerClass.Expected] = 5 }, ignoreOrder: true);
        selection.DroppedText.ShouldBe("2 unexpected, 5 expected");
    }

    [Fact]
    public void Select_RoomLeftAfterUnexpected_KeepsTheOldestExpected()
    {
        var expected = Enumerable.Range(1, 4).Select(i => At(TransportProtocol.Tcp, "127.0.0.1", 5000 - i, expected: true, firstSeen: Baseline.AddMinutes(i))).ToList();
        var unexpected = At(TransportProtocol.Tcp, "127.0.0.1", 6000);
        List<Listener> all = [.. expected, unexpected];
        all.Sort(Listener.Order);

        var selection = ListenerLimit.Select(all, 3);

        selection.Kept.ShouldBe([expected[1], expected[0], unexpected]);
    }

    [Fact]
    public void Select_WithinAClass_KeepsTheFirstSeenEarliestThenInListingOrder()
    {
        var old = At(TransportProtocol.Udp, "::1", 40000, firstSeen: Baseline);
        var newLowPort = At(TransportProtocol.Tcp, "0.0.0.0", 1100, firstSeen: Baseline.AddSeconds(1));
        var sameTimeA = At(TransportProtocol.Tcp, "127.0.0.1", 3000, firstSeen: Baseline.AddSeconds(2));
        var sameTimeB = At(TransportProtocol.Tcp, "127.0.0.2", 3000, firstSeen: Baseline.AddSeconds(2));
        List<Listener> all = [old, newLowPort, sameTimeA, sameTimeB];
        all.Sort(Listener.Order);

        ListenerLimit.Select(all, 1).Kept.ShouldBe([old]);
        ListenerLimit.Select(all, 2).Kept.ShouldBe([newLowPort, old]);
        ListenerLimit.Select(all, 3).Kept.ShouldBe([newLowPort, sameTimeA, old]);
    }

    [Fact]
    public void Select_AFloodArrivingLater_DoesNotPushOutListenersAlreadyThere()
    {
        // Unexpected listeners on high ports, there before the flood; the flood is on lower ports of the same class.
        var there = Enumerable.Range(0, 10).Select(i => At(TransportProtocol.Tcp, "0.0.0.0", 40000 + i, firstSeen: Baseline)).ToList();
        var flood = Flood(1_000, Baseline.AddHours(1));
        List<Listener> all = [.. there, .. flood];
        all.Sort(Listener.Order);

        var selection = ListenerLimit.Select(all, 100);

        selection.Kept.Count.ShouldBe(100);
        there.ShouldAllBe(l => selection.Kept.Contains(l));
    }

    [Fact]
    public void Select_MorePagingListenersThanTheLimit_KeepsTheOldestOfThem()
    {
        var pages = Enumerable.Range(1, 10).Select(i => At(TransportProtocol.Tcp, $"127.0.0.{i}", 12, firstSeen: Baseline.AddSeconds(10 - i))).ToList();
        List<Listener> all = [.. pages, At(TransportProtocol.Tcp, "127.0.0.1", 2000, firstSeen: Baseline.AddDays(-1))];
        all.Sort(Listener.Order);

        var selection = ListenerLimit.Select(all, 3);

        selection.Kept.ShouldBe([pages[9], pages[7], pages[8]]); // 127.0.0.10, .8, .9 in listing order
        selection.DroppedByClass[ListenerClass.Pages].ShouldBe(7);
        selection.DroppedByClass[ListenerClass.Unexpected].ShouldBe(1);
    }

    [Fact]
    public void Select_TheSameListenersInAnyOrder_KeepTheSameListInListingOrder()
    {
        var all = Flood(500, Baseline).Concat(Flood(500, Baseline.AddMinutes(1), firstAddress: 200)).ToList();
        var shuffled = all.OrderBy(_ => Random.Shared.Next()).ToList();
        all.Sort(Listener.Order);

        var once = ListenerLimit.Select(all, 300).Kept;
        var again = ListenerLimit.Select(shuffled, 300).Kept;

        again.ShouldBe(once);
        once.ShouldBe(once.Order(Comparer<Listener>.Create(Listener.Order)).ToList());
        once.ShouldAllBe(l => l.FirstSeen == Baseline);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(4)]
    public void Select_NoLimitOrWithinIt_KeepsTheListAsItIs(int max)
    {
        IReadOnlyList<Listener> all = Flood(3, Baseline);

        var selection = ListenerLimit.Select(all, max);

        selection.Kept.ShouldBeSameAs(all);
        selection.Dropped.ShouldBeEmpty();
        selection.DroppedByClass.Values.ShouldAllBe(n => n == 0);
        selection.DroppedText.ShouldBe("");
    }

    [Fact]
    public void Select_NegativeLimit_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => ListenerLimit.Select([], -1));
    }

    [Theory]
    [InlineData(12, "unassigned", false, "pages")]
    [InlineData(12, "unassigned", true, "expected")]
    [InlineData(22, "assigned", false, "unexpected")]
    [InlineData(22, "assigned", true, "expected")]
    [InlineData(1023, "reserved", false, "unexpected")]
    [InlineData(4444, "unassigned", false, "unexpected")]
    public void ClassOf_Listener_IsWhatThePagingRuleAndTheExpectedListSay(int port, string status, bool expected, string listenerClass)
    {
        var listener = At(TransportProtocol.Tcp, "0.0.0.0", port, expected, status: Enum.GetValues<IanaStatus>().Single(s => s.ToLabel() == status));

        ListenerLimit.ClassOf(listener).ToLabel().ShouldBe(listenerClass);
        (ListenerLimit.ClassOf(listener) == ListenerClass.Pages).ShouldBe(PagingRule.WouldPage(listener));
    }

    /// <summary>Unexpected listeners on unassigned user ports, 40,000 ports an address from 127.1.0.0 on.</summary>
    private static List<Listener> Flood(int count, DateTimeOffset firstSeen, int firstAddress = 0) =>
        [.. Enumerable.Range(0, count).Select(i => At(
            TransportProtocol.Tcp,
            $"127.1.{firstAddress + (i / 40_000)}.1",
            2000 + (i % 40_000),
            firstSeen: firstSeen))];

    private static Listener At(TransportProtocol protocol, string address, int port, bool expected = false, DateTimeOffset? firstSeen = null, IanaStatus status = IanaStatus.Unassigned)
    {
        var ip = IPAddress.Parse(address);
        var family = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? IpFamily.IPv4 : IpFamily.IPv6;
        return new Listener(
            new ListenerKey(protocol, family, ip, port),
            ExposureClassifier.Classify(ip),
            new PortClassification(protocol.ToLabel(), port, RegistryLabels.RangeOf(port), status, status == IanaStatus.Assigned ? "svc" : "none", "", ""),
            [],
            "unknown",
            expected,
            firstSeen ?? Baseline,
            firstSeen ?? Baseline,
            IsOpen: true);
    }
}

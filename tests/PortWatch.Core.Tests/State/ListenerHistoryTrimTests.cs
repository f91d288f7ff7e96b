using System.Net;
using PortWatch.Sockets;
using PortWatch.State;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.State;

/// <summary>The record's bound (issue 15 item 3): what closed sockets may add, and the whole record, stay within a <see cref="RecordLimit"/>.</summary>
public sealed class ListenerHistoryTrimTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ListenerKey Ssh = new(TransportProtocol.Tcp, IpFamily.IPv4, IPAddress.Any, 22);
    private static readonly ListenerKey Tcp12 = new(TransportProtocol.Tcp, IpFamily.IPv4, IPAddress.Any, 12);
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    [Fact]
    public void Trim_ClosedOnlyBeyondTheirCapacity_ForgetsTheLeastRecentlySeenButKeepsWhatPages()
    {
        var history = new ListenerHistory();
        history.Observe([Ssh], T0, Week);
        history.RecordClosed(Tcp12, T0.AddSeconds(1));
        for (var i = 0; i < 10; i++)
        {
            history.RecordClosed(Udp(2000 + i), T0.AddSeconds(2 + i));
        }

        history.Trim(new RecordLimit(Capacity: 0, ClosedCapacity: 4, KeepFirst: k => k == Tcp12), T0.AddMinutes(1));

        var kept = history.Sightings.Keys.ToHashSet();
        kept.ShouldContain(Ssh, "a listener a scan saw open is not what the closed capacity bounds");
        kept.ShouldContain(Tcp12, "what pages is forgotten last");
        kept.Count.ShouldBe(5);
        kept.ShouldBe([Ssh, Tcp12, Udp(2007), Udp(2008), Udp(2009)], ignoreOrder: true);
        history.Evicted.ShouldBe(7);
    }

    [Fact]
    public void Trim_WholeRecordBeyondCapacity_KeepsWhatIsOpenNow()
    {
        var history = new ListenerHistory();
        history.Observe([Udp(3000), Udp(3001), Udp(3002)], T0, Week);
        var now = T0.AddMinutes(1);
        history.Observe([Ssh], now, Week);

        history.Trim(new RecordLimit(Capacity: 2, ClosedCapacity: 0, KeepFirst: _ => false), now);

        history.Count.ShouldBe(2);
        history.Sightings.Keys.ShouldContain(Ssh);
        history.HasUnsavedChanges.ShouldBeTrue();
    }

    [Fact]
    public void Trim_ClosedOnlyThatAScanThenSawOpen_NoLongerCountsAsClosedOnly()
    {
        var history = new ListenerHistory();
        history.RecordClosed(Udp(4000), T0);
        history.RecordClosed(Udp(4001), T0);
        history.Observe([Udp(4000)], T0.AddSeconds(1), Week);

        history.Sightings[Udp(4000)].ClosedOnly.ShouldBeFalse();
        history.Trim(new RecordLimit(0, ClosedCapacity: 1, _ => false), T0.AddSeconds(2));

        history.Count.ShouldBe(2, "one record known only from a destroy event is within the closed capacity");
        history.Evicted.ShouldBe(0);
    }

    [Fact]
    public void Trim_WithinTheLimit_ForgetsNothing()
    {
        var history = new ListenerHistory(T0, [new(Udp(5000), new ListenerSighting(T0, T0, ClosedOnly: true))]);

        history.Trim(new RecordLimit(1, 1, _ => false), T0.AddSeconds(1));

        history.Count.ShouldBe(1);
        history.HasUnsavedChanges.ShouldBeFalse();
    }

    private static ListenerKey Udp(int port) => new(TransportProtocol.Udp, IpFamily.IPv4, IPAddress.Loopback, port);
}

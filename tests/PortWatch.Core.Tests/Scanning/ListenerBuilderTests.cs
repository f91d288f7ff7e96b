using System.Net;
using PortWatch.Listeners;
using PortWatch.Processes;
using PortWatch.Registry;
using PortWatch.Scanning;
using PortWatch.Sockets;
using PortWatch.State;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Scanning;

public sealed class ListenerBuilderTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly PortRegistry Registry = TestRegistry.Small();
    private static readonly Dictionary<ListenerKey, ListenerSighting> NoSightings = [];

    [Fact]
    public void Build_ReusePortGroup_IsOneListenerWithTheOwnersOfEverySocket()
    {
        SocketRecord[] sockets = [Tcp("0.0.0.0", 80, inode: 1), Tcp("0.0.0.0", 80, inode: 2)];
        var owners = Owners((1, [new(300, "nginx")]), (2, [new(200, "nginx"), new(100, "master")]));

        var listener = Build(sockets, owners).ShouldHaveSingleItem();

        listener.Processes.ShouldBe([new ProcessInfo(100, "master"), new ProcessInfo(200, "nginx"), new ProcessInfo(300, "nginx")]);
        listener.ProcessLabel.ShouldBe("master,nginx");
    }

    [Fact]
    public void Build_SameProcessHoldingTwoSocketsOfOneListener_IsListedOnce()
    {
        SocketRecord[] sockets = [Tcp("0.0.0.0", 80, inode: 1), Tcp("0.0.0.0", 80, inode: 2)];
        var owners = Owners((1, [new(100, "nginx")]), (2, [new(100, "nginx")]));

        Build(sockets, owners).ShouldHaveSingleItem().Processes.ShouldBe([new ProcessInfo(100, "nginx")]);
    }

    [Fact]
    public void Build_DifferentFamilyProtocolOrAddress_AreDifferentListeners()
    {
        SocketRecord[] sockets =
        [
            Tcp("0.0.0.0", 53, 1),
            Tcp("::", 53, 2),
            Tcp("127.0.0.1", 53, 3),
            new(TransportProtocol.Udp, IpFamily.IPv4, IPAddress.Any, 53, 4, 0),
        ];

        Build(sockets, SocketOwners.None).Count.ShouldBe(4);
    }

    [Fact]
    public void Build_Listeners_AreSortedByProtocolPortFamilyAddress()
    {
        SocketRecord[] sockets =
        [
            new(TransportProtocol.Udp, IpFamily.IPv4, IPAddress.Any, 53, 1, 0),
            Tcp("::", 80, 2),
            Tcp("127.0.0.1", 80, 3),
            Tcp("0.0.0.0", 80, 4),
            Tcp("0.0.0.0", 22, 5),
        ];

        Build(sockets, SocketOwners.None).Select(l => l.Key.ToString())
            .ShouldBe(["tcp 0.0.0.0:22", "tcp 0.0.0.0:80", "tcp 127.0.0.1:80", "tcp [::]:80", "udp 0.0.0.0:53"]);
    }

    [Fact]
    public void Build_NoOwners_ProcessLabelIsUnknown()
    {
        var listener = Build([Tcp("0.0.0.0", 22, 1)], SocketOwners.None).ShouldHaveSingleItem();

        listener.Processes.ShouldBeEmpty();
        listener.ProcessLabel.ShouldBe("unknown");
    }

    [Fact]
    public void Build_Listener_CarriesExposureAndClassification()
    {
        var listeners = Build([Tcp("127.0.0.1", 22, 1), Tcp("::", 12, 2), Tcp("192.0.2.1", 6003, 3)], SocketOwners.None);

        listeners[0].Exposure.ShouldBe(Exposure.Wildcard);
        listeners[0].Classification.Status.ShouldBe(IanaStatus.Unassigned);
        listeners[1].Exposure.ShouldBe(Exposure.Loopback);
        listeners[1].Classification.Service.ShouldBe("ssh");
        listeners[2].Exposure.ShouldBe(Exposure.Specific);
        listeners[2].Classification.Service.ShouldBe("x11");
        listeners.ShouldAllBe(l => l.IsOpen);
    }

    [Fact]
    public void Build_ExpectedEntries_MarkMatchingListenersOnly()
    {
        SocketRecord[] sockets = [Tcp("0.0.0.0", 22, 1), Tcp("0.0.0.0", 2222, 2), Tcp("0.0.0.0", 8050, 3)];
        var owners = Owners((1, [new(10, "sshd")]), (2, [new(11, "sshd")]), (3, [new(12, "python3")]));
        ExpectedListener[] expected = [new(TransportProtocol.Tcp, 22, 22, "sshd", null), new(null, 8000, 8099, null, null)];

        var listeners = ListenerBuilder.Build(sockets, owners, Registry, expected, NoSightings, Now);

        listeners.Select(l => (l.Key.Port, l.Expected)).ShouldBe([(22, true), (2222, false), (8050, true)]);
    }

    [Fact]
    public void Build_KnownSighting_GivesItsFirstSeenAndNewOnesGetNow()
    {
        var key = new ListenerKey(TransportProtocol.Tcp, IpFamily.IPv4, IPAddress.Any, 22);
        var sightings = new Dictionary<ListenerKey, ListenerSighting> { [key] = new(Now.AddDays(-3), Now.AddMinutes(-1)) };

        var listeners = ListenerBuilder.Build([Tcp("0.0.0.0", 22, 1), Tcp("0.0.0.0", 80, 2)], SocketOwners.None, Registry, [], sightings, Now);

        listeners[0].FirstSeen.ShouldBe(Now.AddDays(-3));
        listeners[0].LastSeen.ShouldBe(Now); // An open listener's last-seen time is when it was built; only a closed one's is shown.
        listeners[1].FirstSeen.ShouldBe(Now);
        listeners[1].LastSeen.ShouldBe(Now);
    }

    [Theory]
    [InlineData(new[] { "nginx" }, "nginx")]
    [InlineData(new[] { "systemd-resolve", "dnsmasq" }, "dnsmasq,systemd-resolve")]
    [InlineData(new[] { "nginx", "nginx", "nginx" }, "nginx")]
    [InlineData(new[] { "b", "a", "B", "a" }, "B,a,b")]
    [InlineData(new string[0], "unknown")]
    public void ProcessLabel_Names_AreUniqueSortedCommaJoined(string[] names, string label)
    {
        ListenerBuilder.ProcessLabel([.. names.Select((n, i) => new ProcessInfo(i + 1, n))]).ShouldBe(label);
    }

    [Fact]
    public void Order_EqualIdentities_CompareEqualWhateverElseDiffers()
    {
        var listener = Build([Tcp("0.0.0.0", 22, 1)], SocketOwners.None)[0];
        var other = Build([Tcp("0.0.0.0", 23, 1)], SocketOwners.None)[0];

        Listener.Order(listener, listener with { Processes = [], Expected = true }).ShouldBe(0);
        Listener.Order(listener, other).ShouldBeLessThan(0);
        Listener.Order(other, listener).ShouldBeGreaterThan(0);
    }

    private static List<Listener> Build(IReadOnlyList<SocketRecord> sockets, SocketOwners owners) =>
        ListenerBuilder.Build(sockets, owners, Registry, [], NoSightings, Now);

    private static SocketRecord Tcp(string address, int port, ulong inode)
    {
        var ip = IPAddress.Parse(address);
        var family = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? IpFamily.IPv4 : IpFamily.IPv6;
        return new SocketRecord(TransportProtocol.Tcp, family, ip, port, inode, 0);
    }

    private static SocketOwners Owners(params (ulong Inode, ProcessInfo[] Holders)[] holders) =>
        new(holders.ToDictionary(h => h.Inode, h => (IReadOnlyList<ProcessInfo>)h.Holders), holders.Length, 0, 0);
}

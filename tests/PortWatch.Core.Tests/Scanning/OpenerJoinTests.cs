using System.Net;
using PortWatch.Listeners;
using PortWatch.Openers;
using PortWatch.Owners;
using PortWatch.Processes;
using PortWatch.Scanning;
using PortWatch.Sockets;
using PortWatch.State;
using PortWatch.TestSupport;
using PortWatch.Tracing;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Scanning;

public sealed class OpenerJoinTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly ProcessOwner Sshd = new("ssh.service", "none", "none", "none");

    [Fact]
    public void Join_ListenerWithoutProcesses_TakesTheOpener_AndKeepsItNextScan()
    {
        var join = new OpenerJoin(TestRegistry.Small(), new ScanOptions(), new ListenerHistory());
        var closed = Build(Tcp(12)) with { IsOpen = false };

        var joined = join.Join([closed], [Opened(Tcp(12), "pw-blink", Now.AddMilliseconds(-5))], Now, []);

        var listener = joined.ShouldHaveSingleItem();
        listener.ProcessLabel.ShouldBe("pw-blink");
        listener.Owner.ShouldBe(Sshd);
        listener.IsOpen.ShouldBeFalse();
        // The next scan rebuilds the listener from its destroy event again: the opener is remembered.
        join.Join([closed], [], Now.AddSeconds(1), []).ShouldHaveSingleItem().ProcessLabel.ShouldBe("pw-blink");
    }

    [Fact]
    public void Join_ListenerAScanAttributed_IsLeftAsItIs()
    {
        var join = new OpenerJoin(TestRegistry.Small(), new ScanOptions(), new ListenerHistory());
        IReadOnlyList<Listener> listeners = [Build(Tcp(22), new ProcessInfo(7, "sshd"))];

        join.Join(listeners, [Opened(Tcp(22), "other", Now)], Now, []).ShouldBeSameAs(listeners);
    }

    [Fact]
    public void Join_OpeningNoScanOrDestroyEventSaw_IsAClosedListenerLastSeenWhenItOpened()
    {
        var join = new OpenerJoin(TestRegistry.Small(), new ScanOptions(), new ListenerHistory());
        var shortLived = new List<ShortLivedListener>();
        var at = Now.AddMilliseconds(-20);

        var listener = join.Join([], [Opened(Tcp(12, netns: 4026532000), "pw-contained", at)], Now, shortLived).ShouldHaveSingleItem();

        listener.IsOpen.ShouldBeFalse();
        listener.LastSeen.ShouldBe(at);
        listener.FirstSeen.ShouldBe(at);
        listener.Key.Netns.ShouldBe(4026532000UL);
        listener.ProcessLabel.ShouldBe("pw-contained");
        shortLived.ShouldHaveSingleItem().Listener.ShouldBe(listener);
    }

    [Fact]
    public void Join_OpenerOlderThanTheRetention_IsForgotten()
    {
        var join = new OpenerJoin(TestRegistry.Small(), new ScanOptions { Retention = TimeSpan.FromMinutes(1) }, new ListenerHistory());
        var closed = Build(Tcp(12)) with { IsOpen = false };
        join.Join([closed], [Opened(Tcp(12), "pw-blink", Now)], Now, []);

        join.Join([closed], [], Now.AddMinutes(2), []).ShouldHaveSingleItem().ProcessLabel.ShouldBe(ListenerBuilder.ProcessLabel([]));
    }

    private static SocketRecord Tcp(int port, ulong netns = 0) =>
        new(TransportProtocol.Tcp, IpFamily.IPv4, IPAddress.Any, port, 0, 0, netns);

    private static OpenedListener Opened(SocketRecord socket, string name, DateTimeOffset at) =>
        new(TraceKind.TcpListen, socket, new ProcessInfo(4242, name) { Owner = Sshd }, 1, "/usr/bin/" + name, at);

    private static Listener Build(SocketRecord socket, params ProcessInfo[] processes)
    {
        var owners = processes.Length == 0
            ? SocketOwners.None
            : new SocketOwners(new Dictionary<ulong, IReadOnlyList<ProcessInfo>> { [socket.Inode] = processes }, 1, 0, 0);
        return ListenerBuilder.Build([socket], owners, TestRegistry.Small(), [], new Dictionary<ListenerKey, ListenerSighting>(), Now).Single();
    }
}

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
        var join = NewJoin();
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
        var join = NewJoin();
        IReadOnlyList<Listener> listeners = [Build(Tcp(22), new ProcessInfo(7, "sshd"))];

        join.Join(listeners, [Opened(Tcp(22), "other", Now)], Now, []).ShouldBeSameAs(listeners);
    }

    [Fact]
    public void Join_OpeningNoScanOrDestroyEventSaw_IsAClosedListenerLastSeenWhenItOpened()
    {
        var join = NewJoin();
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
        var join = NewJoin(new ScanOptions { Retention = TimeSpan.FromMinutes(1) });
        var closed = Build(Tcp(12)) with { IsOpen = false };
        join.Join([closed], [Opened(Tcp(12), "pw-blink", Now)], Now, []);

        join.Join([closed], [], Now.AddMinutes(2), []).ShouldHaveSingleItem().ProcessLabel.ShouldBe(ListenerBuilder.ProcessLabel([]));
    }

    private static SocketRecord Tcp(int port, ulong netns = 0) =>
        new(TransportProtocol.Tcp, IpFamily.IPv4, IPAddress.Any, port, 0, 0, netns);

    private static OpenedListener Opened(SocketRecord socket, string name, DateTimeOffset at) =>
        new(TraceKind.TcpListen, socket, new ProcessInfo(4242, name) { Owner = Sshd, Exe = "/usr/bin/" + name, Executable = ExecutableClass.File }, 1, at);

    private static Listener Build(SocketRecord socket, params ProcessInfo[] processes)
    {
        var owners = processes.Length == 0
            ? SocketOwners.None
            : new SocketOwners(new Dictionary<ulong, IReadOnlyList<ProcessInfo>> { [socket.Inode] = processes }, 1, 0, 0);
        return ListenerBuilder.Build([socket], owners, TestRegistry.Small(), [], new Dictionary<ListenerKey, ListenerSighting>(), Now).Single();
    }

    [Fact]
    public void Join_MoreOpeningsNoScanSawThanTheClosedCap_KeepsWhatPagesWithinTheCapAndCountsTheRest()
    {
        // Issue 15 item 3 with the tracer on: openings a scan never saw are capped as destroy events are.
        var options = new ScanOptions { MaxClosedListeners = 3 };
        var history = new ListenerHistory();
        var registry = TestRegistry.Small();
        var retention = new ClosedRetention(options, registry, history);
        var join = new OpenerJoin(registry, options, history, retention);
        List<OpenedListener> opened = [.. Enumerable.Range(20_000, 50).Select(p => Opened(Tcp(p), "pw-churn", Now.AddMilliseconds(-p % 100))), Opened(Tcp(12), "pw-blink", Now.AddMilliseconds(-1))];

        var joined = join.Join([Build(Tcp(20_100)) with { IsOpen = false }], opened, Now, []);

        joined.Count(l => !l.IsOpen).ShouldBe(3, "one closed already and two admitted");
        joined.ShouldContain(l => l.Key.Port == 12, "what pages is admitted first");
        history.Count.ShouldBe(2);
        retention.Dropped.Values.Sum().ShouldBe(49);
    }

    private static OpenerJoin NewJoin(ScanOptions? options = null, ListenerHistory? history = null)
    {
        options ??= new ScanOptions();
        history ??= new ListenerHistory();
        var registry = TestRegistry.Small();
        return new OpenerJoin(registry, options, history, new ClosedRetention(options, registry, history));
    }
}

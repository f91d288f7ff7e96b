using System.Net;
using PortWatch.ProcFs;
using PortWatch.Sockets;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Sockets;

public sealed class ProcNetSocketSourceTests : IDisposable
{
    private static readonly HashSet<TransportProtocol> Both = [TransportProtocol.Tcp, TransportProtocol.Udp];

    private readonly FakeProcFs proc = new();

    public void Dispose() => proc.Dispose();

    [Fact]
    public void Enumerate_AllFourTables_ReturnsListenersOfEach()
    {
        proc.SetTable("tcp", ProcNetLine.Format(0, "127.0.0.1", 22, ProcNetLine.Listen, 1), ProcNetLine.Format(1, "127.0.0.1", 40000, ProcNetLine.Established, 2, "127.0.0.1", 22))
            .SetTable("tcp6", ProcNetLine.Format(0, "::", 80, ProcNetLine.Listen, 3))
            .SetTable("udp", ProcNetLine.Format(0, "0.0.0.0", 53, ProcNetLine.UdpUnconnected, 4))
            .SetTable("udp6", ProcNetLine.Format(0, "::1", 5353, ProcNetLine.UdpUnconnected, 5));

        var inventory = Source().Enumerate(Both, TestContext.Current.CancellationToken);

        inventory.Sockets.Select(s => s.Inode).ShouldBe([1UL, 3UL, 4UL, 5UL], ignoreOrder: true);
        inventory.Sockets.Single(s => s.Inode == 3).ShouldBe(new SocketRecord(TransportProtocol.Tcp, IpFamily.IPv6, IPAddress.IPv6Any, 80, 3, 0));
        inventory.Sockets.Single(s => s.Inode == 4).Protocol.ShouldBe(TransportProtocol.Udp);
        inventory.MissingTables.ShouldBeEmpty();
        inventory.MalformedLines.Keys.ShouldBe(["net/tcp", "net/tcp6", "net/udp", "net/udp6"], ignoreOrder: true);
    }

    [Fact]
    public void Enumerate_MalformedLines_AreCountedByTable()
    {
        proc.SetTable("tcp", "garbage", ProcNetLine.Format(0, "127.0.0.1", 22, ProcNetLine.Listen, 1), "   1: broken")
            .SetTable("udp6", "nonsense line");

        var inventory = Source().Enumerate(Both, TestContext.Current.CancellationToken);

        inventory.Sockets.ShouldHaveSingleItem().Inode.ShouldBe(1UL);
        inventory.MalformedLines["net/tcp"].ShouldBe(2);
        inventory.MalformedLines["net/udp6"].ShouldBe(1);
        inventory.MalformedLines["net/tcp6"].ShouldBe(0);
    }

    [Fact]
    public void Enumerate_Ipv6TablesMissing_IsFineAndListsThemAsMissing()
    {
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 7)).RemoveTable("tcp6").RemoveTable("udp6");

        var inventory = Source().Enumerate(Both, TestContext.Current.CancellationToken);

        inventory.Sockets.ShouldHaveSingleItem().Inode.ShouldBe(7UL);
        inventory.MissingTables.ShouldBe(["net/tcp6", "net/udp6"]);
        inventory.MalformedLines.Keys.ShouldBe(["net/tcp", "net/udp"], ignoreOrder: true);
    }

    [Fact]
    public void Enumerate_TcpTableMissing_ThrowsNamingTheFile()
    {
        proc.RemoveTable("tcp");

        var error = Should.Throw<FileNotFoundException>(() => Source().Enumerate(Both, TestContext.Current.CancellationToken));

        error.Message.ShouldContain(Path.Combine(proc.Path, "net/tcp"));
        error.Message.ShouldContain("--path.procfs");
    }

    [Fact]
    public void Enumerate_OnlyTcp_DoesNotReadUdpTables()
    {
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 7))
            .SetTable("udp", ProcNetLine.Format(0, "0.0.0.0", 53, ProcNetLine.UdpUnconnected, 8))
            .RemoveTable("udp6");

        var inventory = Source().Enumerate(new HashSet<TransportProtocol> { TransportProtocol.Tcp }, TestContext.Current.CancellationToken);

        inventory.Sockets.ShouldHaveSingleItem().Protocol.ShouldBe(TransportProtocol.Tcp);
        inventory.MissingTables.ShouldBeEmpty();
        inventory.MalformedLines.Keys.ShouldBe(["net/tcp", "net/tcp6"], ignoreOrder: true);
    }

    [Fact]
    public void Enumerate_OnlyUdpAndTcpTableMissing_DoesNotFail()
    {
        proc.RemoveTable("tcp").SetTable("udp", ProcNetLine.Format(0, "0.0.0.0", 53, ProcNetLine.UdpUnconnected, 8));

        var inventory = Source().Enumerate(new HashSet<TransportProtocol> { TransportProtocol.Udp }, TestContext.Current.CancellationToken);

        inventory.Sockets.ShouldHaveSingleItem().Inode.ShouldBe(8UL);
    }

    [Fact]
    public void Enumerate_CapturedTables_FindsEveryListenerOfTheCapture()
    {
        foreach (var table in new[] { "tcp", "tcp6", "udp", "udp6" })
        {
            File.Copy(Fixtures.PathOf("proc", table), Path.Combine(proc.Path, "net", table), overwrite: true);
        }

        var inventory = Source().Enumerate(Both, TestContext.Current.CancellationToken);

        inventory.Sockets.Select(s => ListenerKey.Of(s).ToString()).ShouldBe(
        [
            "tcp 127.0.0.1:18081", "tcp 0.0.0.0:2024", "tcp 0.0.0.0:18084",
            "tcp [::ffff:127.0.0.1]:18083", "tcp [::]:18085", "tcp [::1]:18082",
            "udp 127.0.0.1:18086",
            "udp [::]:18087",
        ]);
    }

    private ProcNetSocketSource Source() => new(new ProcFsRoot(proc.Path));
}

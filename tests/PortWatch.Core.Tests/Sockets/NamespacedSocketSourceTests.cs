using Microsoft.Extensions.Time.Testing;
using PortWatch.ProcFs;
using PortWatch.Sockets;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Sockets;

/// <summary>
/// Other network namespaces read through their processes' /proc/&lt;pid&gt;/net tables (the path without CAP_SYS_ADMIN),
/// on a fixture tree whose ns/net links name the namespaces as the kernel's do. The netlink path is proven on real
/// namespaces by the integration tests.
/// </summary>
public sealed class NamespacedSocketSourceTests : IDisposable
{
    private const ulong Host = 4026531840;
    private const ulong Container = 4026532999;
    private const ulong Other = 4026533001;
    private static readonly HashSet<TransportProtocol> Tcp = [TransportProtocol.Tcp];
    private readonly FakeProcFs proc = new();
    private readonly FakeTimeProvider time = new();

    public NamespacedSocketSourceTests()
    {
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1))
            .AddProcess(10, "sshd", 1).SetNetNamespace(10, Host)
            .AddProcess(50, "nginx", 2).SetNetNamespace(50, Container)
            .SetProcessTable(50, "tcp", ProcNetLine.Format(0, "0.0.0.0", 80, ProcNetLine.Listen, 2))
            .AddProcess(51, "nginx", 3).SetNetNamespace(51, Container)
            .SetProcessTable(51, "tcp", ProcNetLine.Format(0, "0.0.0.0", 80, ProcNetLine.Listen, 2));
    }

    public void Dispose() => proc.Dispose();

    [Fact]
    public void Enumerate_OtherNamespace_ItsListenersCarryItsInodeAndTheHostsZero()
    {
        using var source = Source(NamespaceAccess.Procfs);

        var sockets = source.Enumerate(Tcp, TestContext.Current.CancellationToken).Sockets;

        sockets.Select(s => (s.Port, s.Netns)).ShouldBe([(22, 0UL), (80, Container)]); // Two processes share it: read once.
        source.NamespacesRead.ShouldBe(2);
    }

    [Fact]
    public void Enumerate_HostOnly_ReadsNoOtherNamespace()
    {
        using var source = Source(NamespaceAccess.None);

        source.Enumerate(Tcp, TestContext.Current.CancellationToken).Sockets.Select(s => s.Port).ShouldBe([22]);
        source.NamespacesRead.ShouldBe(1);
    }

    [Fact]
    public void Enumerate_NamespaceWhoseProcessExited_IsSkippedAndCountedAndTheRestRead()
    {
        proc.AddProcess(60, "nc", 9).SetNetNamespace(60, Other); // Its net/ tables are gone: it exited after the walk saw it.
        using var source = Source(NamespaceAccess.Procfs);

        var sockets = source.Enumerate(Tcp, TestContext.Current.CancellationToken).Sockets;

        sockets.Select(s => s.Port).ShouldBe([22, 80]);
        source.NamespaceErrors.ShouldBe(1);
        source.LastNamespaceError.ShouldNotBeNull().ShouldContain("netns 4026533001");
    }

    [Fact]
    public void Enumerate_ProcessThatMovesIntoANewNamespace_IsSeenThereAtTheNextRefresh()
    {
        proc.AddProcess(70, "sh", 7).SetNetNamespace(70, Host);
        using var source = Source(NamespaceAccess.Procfs);
        source.Enumerate(Tcp, TestContext.Current.CancellationToken);
        proc.SetNetNamespace(70, Other).SetProcessTable(70, "tcp", ProcNetLine.Format(0, "0.0.0.0", 12, ProcNetLine.Listen, 7));

        source.Enumerate(Tcp, TestContext.Current.CancellationToken).Sockets.ShouldNotContain(s => s.Port == 12); // Known pid: not read again yet.
        time.Advance(NetworkNamespaceFinder.RefreshEvery);
        source.Enumerate(Tcp, TestContext.Current.CancellationToken).Sockets.ShouldContain(s => s.Port == 12 && s.Netns == Other);
    }

    [Fact]
    public void Enumerate_MoreNamespacesThanTheLimit_ReadsTheHostThenThoseReadBeforeThenTheOldestAndCountsTheRest()
    {
        proc.AddProcess(80, "sleep", 8).SetNetNamespace(80, Other)
            .SetProcessTable(80, "tcp", ProcNetLine.Format(0, "0.0.0.0", 12, ProcNetLine.Listen, 8));
        using var source = Source(NamespaceAccess.Procfs, maxNamespaces: 2);

        source.Enumerate(Tcp, TestContext.Current.CancellationToken).Sockets.Select(s => s.Port).ShouldBe([22, 80]); // The older of the two.
        (source.NamespacesRead, source.NamespacesLeftOut).ShouldBe((2, 1));

        // A namespace with a lower inode appears: the one already read keeps its place.
        proc.AddProcess(90, "unshare", 9).SetNetNamespace(90, Container - 1)
            .SetProcessTable(90, "tcp", ProcNetLine.Format(0, "0.0.0.0", 443, ProcNetLine.Listen, 9));
        time.Advance(NetworkNamespaceFinder.RefreshEvery);
        source.Enumerate(Tcp, TestContext.Current.CancellationToken).Sockets.Select(s => s.Port).ShouldBe([22, 80]);
        (source.NamespacesRead, source.NamespacesLeftOut).ShouldBe((2, 2));
    }

    [Fact]
    public void Enumerate_NoLimit_ReadsEveryNamespace()
    {
        proc.AddProcess(80, "sleep", 8).SetNetNamespace(80, Other)
            .SetProcessTable(80, "tcp", ProcNetLine.Format(0, "0.0.0.0", 12, ProcNetLine.Listen, 8));
        using var source = Source(NamespaceAccess.Procfs, maxNamespaces: 0);

        source.Enumerate(Tcp, TestContext.Current.CancellationToken).Sockets.Select(s => s.Port).ShouldBe([22, 80, 12]);
        (source.NamespacesRead, source.NamespacesLeftOut).ShouldBe((3, 0));
    }

    private NamespacedSocketSource Source(NamespaceAccess access, int maxNamespaces = 512)
    {
        var root = new ProcFsRoot(proc.Path);
        return new NamespacedSocketSource(
            new ProcNetSocketSource(root), root, new NetworkNamespaceFinder(root, Path.Combine(proc.Path, "no-netns"), time), Host, access, closed: null, maxNamespaces);
    }
}

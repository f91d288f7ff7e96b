using PortWatch.IntegrationTests.Infrastructure;
using PortWatch.ProcFs;
using FoundNamespace = PortWatch.ProcFs.NetworkNamespace;
using NetworkNamespace = PortWatch.IntegrationTests.Infrastructure.NetworkNamespace;
using PortWatch.Sockets;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Namespaces;

/// <summary>
/// Named network namespaces (<c>ip netns add</c>: a bind mount in /run/netns, no process inside) as the finder and
/// the namespace entry see them, on real namespaces: found by the inode of the opened file, and entered only when
/// the path still names the namespace that was found.
/// </summary>
public sealed class NamespaceFileTests
{
    private const string NeedsRoot = "making network namespaces (ip netns) needs root, which this run does not have; as root (CI) this test runs";

    [Fact]
    public async Task Find_NamespaceNoProcessIsIn_IsFoundByItsInodeThroughItsName()
    {
        Assert.SkipUnless(Privileges.IsRoot, NeedsRoot);
        await using var netns = await NetworkNamespace.CreateAsync();
        var finder = new NetworkNamespaceFinder(ProcFsRoot.Self, "/run/netns", TimeProvider.System);

        var found = finder.Find(except: ProcFsRoot.Self.ReadNetNamespace(Environment.ProcessId) ?? 0);

        found.ShouldContainKey(netns.Inode);
        found[netns.Inode].ShouldBe(new FoundNamespace(netns.Inode, null, $"/run/netns/{netns.Name}"));
    }

    [Fact]
    public async Task Follow_PathThatNamesAnotherNamespaceNow_IsRefusedAndNothingIsHeard()
    {
        Assert.SkipUnless(Privileges.IsRoot, NeedsRoot);
        await using var found = await NetworkNamespace.CreateAsync();
        await using var other = await NetworkNamespace.CreateAsync();
        using var closed = ClosedSockets.Start(ProcFsRoot.Self, TimeProvider.System);

        // The finder saw `found`; by the time it is entered, its path is a bind mount of `other` (replaced, or a pid reused).
        var refused = Should.Throw<IOException>(() => closed.Follow(found.Inode, $"/run/netns/{other.Name}"));

        refused.Message.ShouldContain($"names network namespace {other.Label} now, not {found.Label}");
        closed.NamespacesFollowed.ShouldBe(0);
        closed.Follow(other.Inode, $"/run/netns/{other.Name}"); // The path and the inode agree: entered.
        closed.NamespacesFollowed.ShouldBe(1);
    }
}

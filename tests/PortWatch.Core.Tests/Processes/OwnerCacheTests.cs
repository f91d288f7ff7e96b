using Microsoft.Extensions.Time.Testing;
using PortWatch.ProcFs;
using PortWatch.Processes;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Processes;

public sealed class OwnerCacheTests : IDisposable
{
    private readonly FakeProcFs proc = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly OwnerCache cache;

    public OwnerCacheTests()
    {
        cache = new OwnerCache(new ProcFsRoot(proc.Path), time);
        proc.AddProcess(10, "sshd", 1).AddProcess(11, "nginx", 2, 3).AddProcess(12, "bash");
    }

    public void Dispose() => proc.Dispose();

    [Fact]
    public void Resolve_SameSocketsAndOwners_WalksOnlyOnce()
    {
        Resolve(1, 2, 3).ByInode[2].ShouldBe([new ProcessInfo(11, "nginx")]);

        for (var scan = 0; scan < 10; scan++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            Resolve(1, 2, 3).ByInode[1].ShouldBe([new ProcessInfo(10, "sshd")]);
        }

        cache.Walks.ShouldBe(1);
    }

    [Fact]
    public void Resolve_NewSocket_WalksAndFindsItsOwner()
    {
        Resolve(1);
        proc.AddProcess(13, "redis", 7);

        Resolve(1, 7).ByInode[7].ShouldBe([new ProcessInfo(13, "redis")]);
        cache.Walks.ShouldBe(2);
    }

    [Fact]
    public void Resolve_OwnerExitedOrPidReused_WalksAgain()
    {
        Resolve(1, 2);
        proc.SetStartTime(11, 999_999); // Pid 11 is another process now, holding the same sockets.

        Resolve(1, 2).ByInode[2].ShouldBe([new ProcessInfo(11, "nginx")]);
        cache.Walks.ShouldBe(2);

        proc.RemoveProcess(10);
        Resolve(1, 2).ByInode.ContainsKey(1).ShouldBeFalse();
        cache.Walks.ShouldBe(3);
    }

    [Fact]
    public void Resolve_SocketNobodyHolds_IsNotWalkedForAgainUntilTheRefresh()
    {
        Resolve(1, 99).ByInode.ContainsKey(99).ShouldBeFalse();
        Resolve(1, 99);
        Resolve(1, 99);
        cache.Walks.ShouldBe(1);

        time.Advance(OwnerCache.RefreshEvery);
        Resolve(1, 99);
        cache.Walks.ShouldBe(2);
    }

    [Fact]
    public void Resolve_GoneSockets_AreForgottenAtTheNextWalk()
    {
        Resolve(1, 2, 3);
        proc.AddProcess(13, "redis", 7);

        Resolve(1, 7).ByInode.Keys.Order().ShouldBe([1ul, 7ul]);
    }

    private SocketOwners Resolve(params ulong[] inodes) => cache.Resolve(inodes.ToHashSet(), TestContext.Current.CancellationToken);
}

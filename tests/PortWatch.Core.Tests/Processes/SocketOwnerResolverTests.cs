using PortWatch.ProcFs;
using PortWatch.Processes;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Processes;

public sealed class SocketOwnerResolverTests : IDisposable
{
    private readonly FakeProcFs proc = new();

    public void Dispose() => proc.Dispose();

    [Fact]
    public void Resolve_ForkedWorkers_GivesEveryHolderSortedByPid()
    {
        proc.AddProcess(201, "nginx", 5000).AddProcess(100, "nginx", 5000).AddProcess(150, "nginx", 5000);

        var owners = Resolve(5000);

        owners.ByInode[5000].ShouldBe([new ProcessInfo(100, "nginx"), new ProcessInfo(150, "nginx"), new ProcessInfo(201, "nginx")]);
        owners.ProcessesScanned.ShouldBe(3);
    }

    [Fact]
    public void Resolve_OneProcessHoldingASocketTwice_IsListedOnce()
    {
        proc.AddProcess(10, "dup", 7, 7).AddFd(10, 9, "socket:[7]");

        Resolve(7).ByInode[7].ShouldBe([new ProcessInfo(10, "dup")]);
    }

    [Fact]
    public void Resolve_SeveralInodes_MapsEachToItsHolders()
    {
        proc.AddProcess(10, "sshd", 1, 2).AddProcess(20, "dnsmasq", 3).AddProcess(30, "bash", 99);

        var owners = Resolve(1, 2, 3, 4);

        owners.ByInode.Keys.ShouldBe([1UL, 2UL, 3UL], ignoreOrder: true);
        owners.ByInode[1].ShouldBe([new ProcessInfo(10, "sshd")]);
        owners.ByInode[2].ShouldBe([new ProcessInfo(10, "sshd")]);
        owners.ByInode[3].ShouldBe([new ProcessInfo(20, "dnsmasq")]);
    }

    [Fact]
    public void Resolve_InodeNobodyHolds_IsAbsent()
    {
        proc.AddProcess(10, "sshd", 1);

        Resolve(2).ByInode.ShouldBeEmpty();
    }

    [Fact]
    public void Resolve_NonSocketDescriptors_AreIgnored()
    {
        // AddProcess gives every process /dev/null, pipe:[4242] and anon_inode:[eventfd]; 4242 is wanted here.
        proc.AddProcess(10, "cat");

        Resolve(4242).ByInode.ShouldBeEmpty();
    }

    [Fact]
    public void Resolve_ProcessWithoutFdDirectory_IsCountedVanishedAndTheOthersStillResolve()
    {
        proc.AddProcess(10, "sshd", 1).AddVanishedProcess(11).AddProcess(12, "sshd", 1);

        var owners = Resolve(1);

        owners.ProcessesVanished.ShouldBe(1);
        owners.ProcessesScanned.ShouldBe(2);
        owners.ProcessesUnreadable.ShouldBe(0);
        owners.ByInode[1].Select(p => p.Pid).ShouldBe([10, 12]);
    }

    [Fact]
    public void Resolve_FdPathThatIsNotADirectory_IsSkippedNotFatal()
    {
        proc.AddProcess(10, "sshd", 1);
        Directory.CreateDirectory(Path.Combine(proc.Path, "11"));
        File.WriteAllText(Path.Combine(proc.Path, "11", "fd"), "not a directory");

        var owners = Resolve(1);

        owners.ProcessesScanned.ShouldBe(1);
        owners.ProcessesVanished.ShouldBe(1);
        owners.ByInode[1].ShouldBe([new ProcessInfo(10, "sshd")]);
    }

    [Fact]
    public void Resolve_NonNumericEntries_AreNotProcesses()
    {
        Directory.CreateDirectory(Path.Combine(proc.Path, "self", "fd"));
        File.CreateSymbolicLink(Path.Combine(proc.Path, "self", "fd", "3"), "socket:[1]");
        Directory.CreateDirectory(Path.Combine(proc.Path, "12abc", "fd"));
        File.CreateSymbolicLink(Path.Combine(proc.Path, "12abc", "fd", "3"), "socket:[1]");

        var owners = Resolve(1);

        owners.ByInode.ShouldBeEmpty();
        owners.ProcessesScanned.ShouldBe(0);
        owners.ProcessesVanished.ShouldBe(0);
    }

    [Fact]
    public void Resolve_CommMissing_NamesTheProcessUnknown()
    {
        proc.AddProcess(10, "sshd", 1).RemoveComm(10);

        Resolve(1).ByInode[1].ShouldBe([new ProcessInfo(10, "unknown")]);
    }

    [Fact]
    public void Resolve_HostileComm_IsEscaped()
    {
        proc.AddProcess(10, [(byte)'e', (byte)'v', 0x1b, (byte)'[', (byte)'2', (byte)'J', 0xff, (byte)'\n'], 1);

        Resolve(1).ByInode[1].ShouldBe([new ProcessInfo(10, @"ev\x1b[2J\xff")]);
    }

    [Fact]
    public void Resolve_NoInodesWanted_WalksNothing()
    {
        proc.AddProcess(10, "sshd", 1).AddProcess(11, "cron");

        var owners = Resolve();

        owners.ByInode.ShouldBeEmpty();
        owners.ProcessesScanned.ShouldBe(0);
    }

    [Fact]
    public void Resolve_Cancelled_ThrowsOperationCanceledAndReturnsNothing()
    {
        for (var pid = 100; pid < 300; pid++)
        {
            proc.AddProcess(pid, "w", (ulong)pid);
        }

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var resolver = new SocketOwnerResolver(new ProcFsRoot(proc.Path));

        Should.Throw<OperationCanceledException>(() => resolver.Resolve(new HashSet<ulong> { 100 }, cancelled.Token));
    }

    private SocketOwners Resolve(params ulong[] inodes) =>
        new SocketOwnerResolver(new ProcFsRoot(proc.Path)).Resolve(inodes.ToHashSet(), CancellationToken.None);
}

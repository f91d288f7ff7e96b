using PortWatch.ProcFs;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.ProcFs;

public sealed class ProcFsRootTests : IDisposable
{
    private readonly FakeProcFs proc = new();

    public void Dispose() => proc.Dispose();

    [Fact]
    public void ReadText_ExistingFile_GivesItsText()
    {
        proc.SetTable("tcp", "   0: line");

        new ProcFsRoot(proc.Path).ReadText("net/tcp").ShouldBe(ProcNetLine.Tcp4Header + "\n   0: line\n");
    }

    [Theory]
    [InlineData("net/raw")]
    [InlineData("nonexistent/dir/file")]
    public void ReadText_MissingFile_IsNull(string relativePath)
    {
        new ProcFsRoot(proc.Path).ReadText(relativePath).ShouldBeNull();
    }

    [Fact]
    public void EnumerateProcessIds_MixedEntries_GivesOnlyNumericDirectories()
    {
        proc.AddProcess(1, "init").AddProcess(4321, "sshd").AddVanishedProcess(77);
        File.WriteAllText(Path.Combine(proc.Path, "99"), "a file, not a process");
        Directory.CreateDirectory(Path.Combine(proc.Path, "self"));
        Directory.CreateDirectory(Path.Combine(proc.Path, "1x"));

        new ProcFsRoot(proc.Path).EnumerateProcessIds().ShouldBe([1, 77, 4321], ignoreOrder: true);
    }

    [Fact]
    public void ReadFdTargets_Process_GivesEveryLinkTarget()
    {
        proc.AddProcess(5, "x", 42);
        var targets = new List<string>();

        new ProcFsRoot(proc.Path).ReadFdTargets(5, targets).ShouldBe(FdReadOutcome.Read);

        targets.ShouldBe(["/dev/null", "pipe:[4242]", "anon_inode:[eventfd]", "socket:[42]"], ignoreOrder: true);
    }

    [Fact]
    public void ReadFdTargets_GoneProcess_IsVanished()
    {
        var targets = new List<string>();

        new ProcFsRoot(proc.Path).ReadFdTargets(12345, targets).ShouldBe(FdReadOutcome.Vanished);

        targets.ShouldBeEmpty();
    }

    [Fact]
    public void ReadComm_Process_GivesRawBytes()
    {
        proc.AddProcess(5, [0xff, (byte)'a', (byte)'\n']);

        new ProcFsRoot(proc.Path).ReadComm(5).ShouldBe(new byte[] { 0xff, (byte)'a', (byte)'\n' });
        new ProcFsRoot(proc.Path).ReadComm(6).ShouldBeNull();
    }

    [Fact]
    public void CountEntries_Directory_CountsEntriesOrIsNull()
    {
        proc.AddProcess(5, "x", 1, 2);
        var root = new ProcFsRoot(proc.Path);

        root.CountEntries("5/fd").ShouldBe(5);
        root.CountEntries("6/fd").ShouldBeNull();
    }
}

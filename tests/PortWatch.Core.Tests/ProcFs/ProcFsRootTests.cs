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
    public void ReadSocketInodes_Process_GivesTheInodeOfEverySocketLinkOnly()
    {
        proc.AddProcess(5, "x", 42, 18446744073709551615);
        proc.AddFd(5, 9, "socket:[12x]").AddFd(5, 10, "socket:[]").AddFd(5, 11, "/tmp/socket:[7]");
        var inodes = new List<ulong>();

        new ProcFsRoot(proc.Path).ReadSocketInodes(5, inodes).ShouldBe(FdReadOutcome.Read);

        inodes.ShouldBe(new ulong[] { 42, 18446744073709551615 }, ignoreOrder: true);
    }

    [Fact]
    public void ReadSocketInodes_ManyDescriptors_ReadsThemAll()
    {
        proc.AddProcess(6, "many", [.. Enumerable.Range(1, 2000).Select(i => (ulong)i)]);
        var inodes = new List<ulong>();

        new ProcFsRoot(proc.Path).ReadSocketInodes(6, inodes).ShouldBe(FdReadOutcome.Read);

        inodes.Order().ShouldBe(Enumerable.Range(1, 2000).Select(i => (ulong)i));
    }

    [Fact]
    public void ReadSocketInodes_GoneProcess_IsVanished()
    {
        var inodes = new List<ulong>();

        new ProcFsRoot(proc.Path).ReadSocketInodes(12345, inodes).ShouldBe(FdReadOutcome.Vanished);

        inodes.ShouldBeEmpty();
    }

    [Fact]
    public void ReadSocketInodes_RealProcess_FindsASocketItHolds()
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        var inodes = new List<ulong>();

        ProcFsRoot.Self.ReadSocketInodes(Environment.ProcessId, inodes).ShouldBe(FdReadOutcome.Read);

        inodes.ShouldNotBeEmpty();
        var targets = Directory.GetFiles($"/proc/{Environment.ProcessId}/fd").Select(f => new FileInfo(f).LinkTarget).Where(t => t?.StartsWith("socket:[", StringComparison.Ordinal) == true);
        inodes.ShouldBeSubsetOf(targets.Select(t => ulong.Parse(t!["socket:[".Length..^1], System.Globalization.CultureInfo.InvariantCulture)).Concat(inodes).Distinct());
    }

    [Theory]
    [InlineData("1 (sshd) S 0 1 1 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 777 2000 300 0", 777ul)]
    [InlineData("42 (a) b) (c d) R 1 42 42 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 123456789 0 0", 123456789ul)]
    [InlineData("42 (x) R 1", null)]
    [InlineData("no parenthesis at all", null)]
    [InlineData("", null)]
    public void ParseStartTime_StatLine_IsField22CountedAfterTheCommand(string stat, ulong? expected)
    {
        ProcFsRoot.ParseStartTime(System.Text.Encoding.UTF8.GetBytes(stat)).ShouldBe(expected);
    }

    [Fact]
    public void ReadStartTime_FakeAndRealProcess()
    {
        proc.AddProcess(5, "x").SetStartTime(5, 987654321);

        new ProcFsRoot(proc.Path).ReadStartTime(5).ShouldBe(987654321ul);
        new ProcFsRoot(proc.Path).ReadStartTime(6).ShouldBeNull();
        ProcFsRoot.Self.ReadStartTime(Environment.ProcessId).ShouldNotBeNull().ShouldBeGreaterThan(0ul);
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

using PortWatch.ProcFs;
using PortWatch.Processes;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Processes;

/// <summary>The executable classes from what <c>/proc/&lt;pid&gt;/exe</c> and statx say (the real processes are in the integration tests).</summary>
public sealed class ExecutableClassifierTests
{
    private static readonly FileOwnership RootFile = new(0, 0b111_101_101);
    private static readonly FileOwnership RootDirectory = new(0, 0b111_101_101);
    private static readonly FileOwnership Tmp = new(0, 0b1_111_111_111);

    [Theory]
    [InlineData("/memfd:x (deleted)", 0, "memfd")]
    [InlineData("/opt/x (deleted)", 0, "deleted")]
    [InlineData("/usr/sbin/sshd (deleted)", 3, "replaced")]
    [InlineData("/usr/sbin/sshd", 3, "file")]
    [InlineData("/dev/shm/x", 1, "writable")]
    [InlineData("/home/u/x", 2, "writable")]
    public void Classify(string link, int layout, string expected)
    {
        IReadOnlyList<FileOwnership> chain = layout switch
        {
            0 => [],
            1 => [RootFile, Tmp, RootDirectory],
            2 => [RootFile, new FileOwnership(1000, 0b111_101_101), RootDirectory, RootDirectory],
            _ => [RootFile, RootDirectory, RootDirectory, RootDirectory],
        };

        ExecutableClassifier.Classify(new ExecutableFacts(link, false, chain)).ToLabel().ShouldBe(expected);
    }

    [Fact]
    public void Classify_DeniedAndGone_AreUnknown()
    {
        ExecutableClassifier.Classify(ExecutableFacts.DeniedFacts).ShouldBe(ExecutableClass.Unknown);
        ExecutableClassifier.Classify(ExecutableFacts.Gone).ShouldBe(ExecutableClass.Unknown);
    }

    [Fact]
    public void Worst_IsTheFirstInTheOrder()
    {
        ExecutableClassifier.Worst([ExecutableClass.File, ExecutableClass.Replaced, ExecutableClass.Deleted]).ShouldBe(ExecutableClass.Deleted);
        ExecutableClassifier.Worst([]).ShouldBe(ExecutableClass.None);
    }

    [Fact]
    public void Reader_ThisTestProcess_IsAFileOnDisk()
    {
        var facts = new ExecutableReader(ProcFsRoot.Self).Read(Environment.ProcessId);

        facts.Link.ShouldBe(new FileInfo("/proc/self/exe").LinkTarget);
        facts.AtPath.Count.ShouldBeGreaterThan(1);
        ExecutableClassifier.Classify(facts).ShouldBeOneOf(ExecutableClass.File, ExecutableClass.Writable);
    }
}

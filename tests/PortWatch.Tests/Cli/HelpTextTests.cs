using PortWatch.Cli;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Cli;

public sealed class HelpTextTests
{
    /// <summary>
    /// The help of each command, compared with a committed text (Fixtures/help/). When it changes on purpose, the
    /// test writes what it got beside the test binary: read it, and copy it over the fixture if it is right.
    /// </summary>
    [Theory]
    [InlineData("run.txt")]
    [InlineData("list.txt")]
    [InlineData("lookup.txt")]
    public void For_Command_MatchesTheCommittedText(string file)
    {
        var command = file switch
        {
            "list.txt" => CommandKind.List,
            "lookup.txt" => CommandKind.Lookup,
            _ => CommandKind.Run,
        };
        var actual = HelpText.For(command);
        var expected = File.ReadAllText(Fixtures.PathOf("help", file));

        if (actual != expected)
        {
            var path = Path.Combine(AppContext.BaseDirectory, $"help-{file}.actual");
            File.WriteAllText(path, actual);
            actual.ShouldBe(expected, $"the help differs from Fixtures/help/{file}; the output is in {path}");
        }
    }

    [Fact]
    public void For_Run_ShowsDefaults()
    {
        var help = HelpText.For(CommandKind.Run);

        help.ShouldContain("--web.listen-address=:10133");
        help.ShouldContain("--scan.interval=1s");
        help.ShouldContain("--scan.retention=5m");
        help.ShouldContain("--scan.method=netlink");
        help.ShouldContain("--path.procfs=/proc");
        help.ShouldContain("--web.telemetry-path=/metrics");
        help.ShouldContain("(repeatable)");
    }

    [Fact]
    public void For_ListAndLookup_ShowTheOutputFlagAndTheirUsage()
    {
        HelpText.For(CommandKind.List).ShouldStartWith("usage: portwatch list [<flags>]\n");
        HelpText.For(CommandKind.List).ShouldContain("--output=table");
        HelpText.For(CommandKind.Lookup).ShouldStartWith("usage: portwatch lookup [<flags>] PORT[/PROTO]...\n");
    }

    [Fact]
    public void Version_Text_NamesProgramVersionAndRuntime()
    {
        HelpText.Version().ShouldMatch(@"^portwatch, version \d+\.\d+\.\d+\S* \(revision: \S+\)\n  runtime: \.NET \S+");
    }
}

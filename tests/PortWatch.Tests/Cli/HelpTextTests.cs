using PortWatch.Cli;
using PortWatch.Configuration;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Cli;

public sealed class HelpTextTests
{
    [Fact]
    public void For_Run_ListsEverySettingsFlag()
    {
        var help = HelpText.For(CommandKind.Run);

        foreach (var setting in SettingTable.All.Where(s => s.Commands.HasFlag(Commands.Run)))
        {
            help.ShouldContain(setting.IsBoolean ? $"--[no-]{setting.Flag}" : $"--{setting.Flag}=");
        }

        help.ShouldContain("--config.file=FILE");
        help.ShouldContain("--version");
        help.ShouldContain("-h, --help");
        help.ShouldContain("Exit codes: 0 success, 1 runtime failure, 2 bad flags or config.");
        help.ShouldNotContain("--output=table");
    }

    [Fact]
    public void For_EveryCommand_ListsEverySettingThatAppliesAndNoOther()
    {
        foreach (var (command, scope) in new[] { (CommandKind.Run, Commands.Run), (CommandKind.List, Commands.List), (CommandKind.Lookup, Commands.Lookup) })
        {
            var help = HelpText.For(command);
            foreach (var setting in SettingTable.All)
            {
                var shown = help.Contains($"--{setting.Flag}=", StringComparison.Ordinal) || help.Contains($"--[no-]{setting.Flag} ", StringComparison.Ordinal);
                shown.ShouldBe(setting.Commands.HasFlag(scope), $"{setting.Flag} in the help of {command}");
            }
        }
    }

    [Fact]
    public void For_Run_ShowsDefaults()
    {
        var help = HelpText.For(CommandKind.Run);

        help.ShouldContain("--web.listen-address=:10133");
        help.ShouldContain("--scan.interval=15s");
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

using PortWatch.Cli;
using PortWatch.Configuration;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Cli;

public sealed class CommandLineParserTests
{
    [Fact]
    public void Parse_NoArguments_RunsTheExporter()
    {
        var line = CommandLineParser.Parse([]);

        line.Command.ShouldBe(CommandKind.Run);
        line.Flags.ShouldBeEmpty();
        line.Arguments.ShouldBeEmpty();
        line.ConfigFile.ShouldBe("");
    }

    [Fact]
    public void Parse_FlagWithEquals_TakesTheValue()
    {
        Flags(CommandLineParser.Parse(["--scan.interval=30s"])).ShouldBe([("scan.interval", "30s")]);
    }

    [Fact]
    public void Parse_FlagAndValueAsTwoArguments_TakesTheNextArgument()
    {
        Flags(CommandLineParser.Parse(["--scan.interval", "30s", "--path.procfs", "/host/proc"]))
            .ShouldBe([("scan.interval", "30s"), ("path.procfs", "/host/proc")]);
    }

    [Fact]
    public void Parse_ValueStartingWithDashes_IsTakenAsTheValue()
    {
        Flags(CommandLineParser.Parse(["--state.file", "--odd-name.json"])).ShouldBe([("state.file", "--odd-name.json")]);
    }

    [Fact]
    public void Parse_EmptyValueWithEquals_IsAnEmptyValue()
    {
        Flags(CommandLineParser.Parse(["--state.file="])).ShouldBe([("state.file", "")]);
    }

    [Fact]
    public void Parse_FlagWithoutValueAtTheEnd_Throws()
    {
        Should.Throw<ConfigException>(() => CommandLineParser.Parse(["--scan.interval"])).Message.ShouldBe("flag --scan.interval needs a value");
    }

    [Theory]
    [InlineData("--scan.processes", "true")]
    [InlineData("--scan.processes=false", "false")]
    [InlineData("--scan.processes=true", "true")]
    [InlineData("--no-scan.processes", "false")]
    public void Parse_BooleanFlag_TakesNoSeparateValue(string arg, string value)
    {
        var line = CommandLineParser.Parse([arg, "list"]);

        Flags(line).ShouldBe([("scan.processes", value)]);
        line.Command.ShouldBe(CommandKind.List);
    }

    [Fact]
    public void Parse_NegatedFlagWithValue_Throws()
    {
        Should.Throw<ConfigException>(() => CommandLineParser.Parse(["--no-scan.processes=true"])).Message.ShouldContain("takes no value");
    }

    [Fact]
    public void Parse_NegatedFlagThatIsNotBoolean_IsUnknown()
    {
        Should.Throw<ConfigException>(() => CommandLineParser.Parse(["--no-scan.interval"])).Message.ShouldBe("unknown flag --no-scan.interval");
    }

    [Fact]
    public void Parse_RepeatedListenAddress_KeepsEveryValueInOrder()
    {
        var line = CommandLineParser.Parse(["--web.listen-address=127.0.0.1:1", "--web.listen-address", "[::1]:2"]);

        Flags(line).ShouldBe([("web.listen-address", "127.0.0.1:1"), ("web.listen-address", "[::1]:2")]);
    }

    [Fact]
    public void Parse_NonRepeatableFlagGivenTwice_Throws()
    {
        Should.Throw<ConfigException>(() => CommandLineParser.Parse(["--scan.interval=1s", "--scan.interval=2s"]))
            .Message.ShouldBe("flag --scan.interval is given 2 times; it takes one value");
    }

    [Theory]
    [InlineData("--config.file=a.yml", "--config.file=b.yml", "flag --config.file is given twice; it takes one value")]
    [InlineData("--output=json", "--output=table", "flag --output is given twice; it takes one value")]
    public void Parse_SpecialFlagGivenTwice_Throws(string first, string second, string message)
    {
        Should.Throw<ConfigException>(() => CommandLineParser.Parse(["list", first, second])).Message.ShouldBe(message);
    }

    [Theory]
    [InlineData("--scan.intervall=1s", "unknown flag --scan.intervall")]
    [InlineData("--nope", "unknown flag --nope")]
    [InlineData("-x", "unknown short flag -x")]
    [InlineData("-scan.interval=1s", "unknown short flag -scan.interval=1s")]
    public void Parse_UnknownFlag_Throws(string arg, string message)
    {
        Should.Throw<ConfigException>(() => CommandLineParser.Parse([arg])).Message.ShouldBe(message);
    }

    [Theory]
    [InlineData("--web.listen-address=:1", "lookup", "flag --web.listen-address does not apply to 'portwatch lookup'")]
    [InlineData("--scan.interval=1s", "lookup", "flag --scan.interval does not apply to 'portwatch lookup'")]
    [InlineData("--web.telemetry-path=/m", "list", "flag --web.telemetry-path does not apply to 'portwatch list'")]
    public void Parse_FlagNotForTheCommand_Throws(string flag, string command, string message)
    {
        Should.Throw<ConfigException>(() => CommandLineParser.Parse([command, "80", flag])).Message.ShouldBe(message);
    }

    [Fact]
    public void Parse_RegistryAndLogFlags_ApplyToLookup()
    {
        var line = CommandLineParser.Parse(["lookup", "--registry.file=/x.csv", "--log.level=debug", "80"]);

        line.Command.ShouldBe(CommandKind.Lookup);
        Flags(line).ShouldBe([("registry.file", "/x.csv"), ("log.level", "debug")]);
    }

    [Fact]
    public void Parse_List_TakesScanFlagsAndNoArguments()
    {
        var line = CommandLineParser.Parse(["--path.procfs=/host/proc", "list", "--scan.protocols", "tcp"]);

        line.Command.ShouldBe(CommandKind.List);
        Flags(line).ShouldBe([("path.procfs", "/host/proc"), ("scan.protocols", "tcp")]);
    }

    [Fact]
    public void Parse_ListWithAnArgument_Throws()
    {
        Should.Throw<ConfigException>(() => CommandLineParser.Parse(["list", "extra"])).Message.ShouldBe("unexpected argument \"extra\"");
    }

    [Fact]
    public void Parse_RunWithAnArgument_Throws()
    {
        Should.Throw<ConfigException>(() => CommandLineParser.Parse(["serve"])).Message.ShouldBe("unexpected argument \"serve\"");
    }

    [Fact]
    public void Parse_Lookup_TakesThePortsAsArguments()
    {
        var line = CommandLineParser.Parse(["lookup", "12/tcp", "80", "225/udp"]);

        line.Command.ShouldBe(CommandKind.Lookup);
        line.Arguments.ShouldBe(["12/tcp", "80", "225/udp"]);
    }

    [Fact]
    public void Parse_LookupNamedAsAnArgumentOfLookup_IsAnArgument()
    {
        CommandLineParser.Parse(["lookup", "list"]).Arguments.ShouldBe(["list"]);
    }

    [Fact]
    public void Parse_LookupWithoutPorts_Throws()
    {
        Should.Throw<ConfigException>(() => CommandLineParser.Parse(["lookup"])).Message.ShouldContain("lookup needs at least one PORT[/PROTO]");
    }

    [Theory]
    [InlineData(new[] { "list" }, "table")]
    [InlineData(new[] { "list", "--output", "json" }, "json")]
    [InlineData(new[] { "list", "--output=table" }, "table")]
    [InlineData(new[] { "lookup", "80", "--output=json" }, "json")]
    [InlineData(new[] { "--output=json", "lookup", "80" }, "json")]
    public void Parse_Output_IsTableOrJson(string[] args, string output)
    {
        CommandLineParser.Parse(args).Output.ToString().ToLowerInvariant().ShouldBe(output);
    }

    [Fact]
    public void Parse_BadOutput_Throws()
    {
        Should.Throw<ConfigException>(() => CommandLineParser.Parse(["list", "--output=xml"]))
            .Message.ShouldBe("--output: \"xml\" is not an output format: expected table or json");
    }

    [Fact]
    public void Parse_OutputForTheExporter_Throws()
    {
        Should.Throw<ConfigException>(() => CommandLineParser.Parse(["--output=json"])).Message.ShouldBe("flag --output applies to list and lookup only");
    }

    [Theory]
    [InlineData(new[] { "--help" }, "Run")]
    [InlineData(new[] { "-h" }, "Run")]
    [InlineData(new[] { "help" }, "Run")]
    [InlineData(new[] { "list", "--help" }, "List")]
    [InlineData(new[] { "lookup", "-h" }, "Lookup")]
    public void Parse_Help_AsksForHelpForTheCommand(string[] args, string helpFor)
    {
        var line = CommandLineParser.Parse(args);

        line.Command.ShouldBe(CommandKind.Help);
        line.HelpFor.ToString().ShouldBe(helpFor);
    }

    [Fact]
    public void Parse_HelpWithAnUnknownFlag_StillRejectsTheFlag()
    {
        Should.Throw<ConfigException>(() => CommandLineParser.Parse(["--help", "--nope=1"])).Message.ShouldBe("unknown flag --nope");
    }

    [Fact]
    public void Parse_HelpWithoutLookupPorts_DoesNotComplainAboutThem()
    {
        CommandLineParser.Parse(["lookup", "--help"]).Command.ShouldBe(CommandKind.Help);
    }

    [Fact]
    public void Parse_Version_WinsOverEverythingElse()
    {
        CommandLineParser.Parse(["--version"]).Command.ShouldBe(CommandKind.Version);
        CommandLineParser.Parse(["list", "--version", "--help"]).Command.ShouldBe(CommandKind.Version);
    }

    [Fact]
    public void Parse_ConfigFile_IsKeptApartFromTheSettingFlags()
    {
        var line = CommandLineParser.Parse(["--config.file", "/etc/portwatch.yml", "--scan.interval=5s"]);

        line.ConfigFile.ShouldBe("/etc/portwatch.yml");
        Flags(line).ShouldBe([("scan.interval", "5s")]);
    }

    [Fact]
    public void Parse_DoubleDash_EndsFlags()
    {
        var line = CommandLineParser.Parse(["lookup", "--", "--80", "-1"]);

        line.Arguments.ShouldBe(["--80", "-1"]);
        line.Flags.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_CommandNameAfterDoubleDash_IsAnArgument()
    {
        Should.Throw<ConfigException>(() => CommandLineParser.Parse(["--", "list"])).Message.ShouldBe("unexpected argument \"list\"");
    }

    [Fact]
    public void Parse_SingleDash_IsAnArgument()
    {
        CommandLineParser.Parse(["lookup", "-"]).Arguments.ShouldBe(["-"]);
    }

    private static List<(string Flag, string Value)> Flags(CommandLine line) => [.. line.Flags.Select(f => (f.Setting.Flag, f.Value))];
}

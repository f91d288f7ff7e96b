using System.Net;
using PortWatch.Configuration;
using PortWatch.Listeners;
using PortWatch.Scanning;
using PortWatch.Sockets;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Configuration;

public sealed class ConfigFileLoaderTests : IDisposable
{
    private const string File = "portwatch.yml";

    private const string SpecExample = """
        scan:
          interval: 15s
          protocols: [tcp, udp]
          processes: true          # attribute listeners to processes
        registry:
          file: ""                 # IANA CSV; empty = embedded snapshot
        state:
          file: /var/lib/portwatch/state.json
        expected:                  # listeners you mean to run: labelled expected="true", never paged
          - {protocol: tcp, port: 22, process: sshd}
          - {protocol: udp, port: 5353}
        """;

    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Apply_SpecExample_AppliesEveryValue()
    {
        var settings = new PortWatchSettings();
        settings.Scan.Interval = TimeSpan.FromMinutes(3);
        settings.Scan.AttributeProcesses = false;
        settings.Registry.File = "/before.csv";

        ConfigFileLoader.Apply(File, SpecExample, settings);

        settings.Scan.Interval.ShouldBe(TimeSpan.FromSeconds(15));
        settings.Scan.Protocols.ShouldBe([TransportProtocol.Tcp, TransportProtocol.Udp], ignoreOrder: true);
        settings.Scan.AttributeProcesses.ShouldBeTrue();
        settings.Registry.File.ShouldBe("");
        settings.State.File.ShouldBe("/var/lib/portwatch/state.json");
        settings.Scan.Expected.ShouldBe(
        [
            new ExpectedListener(TransportProtocol.Tcp, 22, 22, "sshd", null),
            new ExpectedListener(TransportProtocol.Udp, 5353, 5353, null, null),
        ]);
    }

    [Fact]
    public void Apply_EveryOtherSection_IsApplied()
    {
        const string Yaml = """
            web:
              listen_address: ["127.0.0.1:9999", "[::1]:9999"]
              telemetry_path: /probe
            scan:
              interval: 1m
              protocols: udp
              processes: false
              retention: 5m
            path:
              procfs: /host/proc
            state:
              forget_after: 30d
            log:
              level: debug
              format: json
            """;
        var settings = new PortWatchSettings();

        ConfigFileLoader.Apply(File, Yaml, settings);

        settings.Web.ListenAddresses.Select(a => a.Text).ShouldBe(["127.0.0.1:9999", "[::1]:9999"]);
        settings.Web.TelemetryPath.ShouldBe("/probe");
        settings.Scan.Interval.ShouldBe(TimeSpan.FromMinutes(1));
        settings.Scan.Protocols.ShouldBe([TransportProtocol.Udp]);
        settings.Scan.AttributeProcesses.ShouldBeFalse();
        settings.Scan.Retention.ShouldBe(TimeSpan.FromMinutes(5));
        settings.Scan.ProcFsPath.ShouldBe("/host/proc");
        settings.State.ForgetAfter.ShouldBe(TimeSpan.FromDays(30));
        settings.Log.Level.ShouldBe(Microsoft.Extensions.Logging.LogLevel.Debug);
        settings.Log.Format.ShouldBe("json");
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n# only a comment\n")]
    [InlineData("~")]
    [InlineData("scan:\n")]
    [InlineData("expected:\n")]
    public void Apply_EmptyFileOrSections_LeavesTheDefaults(string yaml)
    {
        var settings = new PortWatchSettings();

        ConfigFileLoader.Apply(File, yaml, settings);

        settings.Scan.Interval.ShouldBe(TimeSpan.FromSeconds(1));
        settings.Scan.AttributeProcesses.ShouldBeTrue();
        settings.Scan.Protocols.Count.ShouldBe(2);
        settings.Scan.Expected.ShouldBeEmpty();
        settings.Scan.ProcFsPath.ShouldBe("/proc");
        settings.State.File.ShouldBe("");
        settings.Web.ListenAddresses.ShouldHaveSingleItem().Text.ShouldBe(":10133");
    }

    [Fact]
    public void Apply_UnknownTopLevelKey_NamesFileLineColumnAndKey()
    {
        var error = Should.Throw<ConfigException>(() => Apply("scan:\n  interval: 15s\nscann:\n  interval: 15s\n"));

        error.Message.ShouldStartWith("portwatch.yml:3:1: ");
        error.Message.ShouldContain("unknown key \"scann\"");
        error.Message.ShouldContain("scan");
    }

    [Fact]
    public void Apply_UnknownKeyInScan_NamesFileLineColumnKeyAndTheAllowedOnes()
    {
        var error = Should.Throw<ConfigException>(() => Apply("scan:\n  interval: 15s\n  intervall: 20s\n"));

        error.Message.ShouldStartWith("portwatch.yml:3:3: ");
        error.Message.ShouldContain("unknown key \"intervall\" in \"scan\"");
        error.Message.ShouldContain("interval, protocols, processes, retention");
    }

    [Fact]
    public void Apply_UnknownKeyInAnExpectedEntry_NamesFileLineColumnAndKey()
    {
        var error = Should.Throw<ConfigException>(() => Apply("expected:\n  - protocol: tcp\n    prot: 22\n"));

        error.Message.ShouldStartWith("portwatch.yml:3:5: ");
        error.Message.ShouldContain("unknown key \"prot\"");
    }

    [Fact]
    public void Apply_BadInterval_NamesTheLineAndColumnOfTheValue()
    {
        var error = Should.Throw<ConfigException>(() => Apply("# comment\nscan:\n  interval: abc\n"));

        error.Message.ShouldStartWith("portwatch.yml:3:13: ");
        error.Message.ShouldContain("scan.interval");
        error.Message.ShouldContain("\"abc\" is not a duration");
    }

    [Theory]
    [InlineData("scan:\n  interval: 0s\n", "portwatch.yml:2:13: ", "must be at least 100ms")]
    [InlineData("scan:\n  processes: yes\n", "portwatch.yml:2:14: ", "\"yes\" is not true or false")]
    [InlineData("scan:\n  protocols: [tcp, sctp]\n", "portwatch.yml:2:14: ", "\"sctp\" is not a protocol")]
    [InlineData("web:\n  telemetry_path: metrics\n", "portwatch.yml:2:19: ", "must start with /")]
    [InlineData("web:\n  listen_address: 10133\n", "portwatch.yml:2:19: ", "is not a listen address")]
    [InlineData("log:\n  level: verbose\n", "portwatch.yml:2:10: ", "is not a log level")]
    [InlineData("path:\n  procfs: \"\"\n", "portwatch.yml:2:11: ", "must not be empty")]
    public void Apply_BadValue_NamesTheValuesPosition(string yaml, string prefix, string what)
    {
        var error = Should.Throw<ConfigException>(() => Apply(yaml));

        error.Message.ShouldStartWith(prefix);
        error.Message.ShouldContain(what);
    }

    [Fact]
    public void Apply_YamlSyntaxError_NamesLineAndColumn()
    {
        var error = Should.Throw<ConfigException>(() => Apply("scan:\n  interval: 15s\nstate: file: x\n"));

        error.Message.ShouldBe("portwatch.yml:3:12: not valid YAML: While scanning a plain scalar value, found invalid mapping.");
    }

    [Fact]
    public void Apply_FlowSequenceLeftOpen_NamesLineAndColumnInsteadOfCrashing()
    {
        // YamlDotNet throws InvalidOperationException rather than a YamlException on this one.
        var error = Should.Throw<ConfigException>(() => Apply("scan:\n  interval: 15s\n  protocols: [tcp, udp\nstate:\n  file: x\n"));

        error.Message.ShouldStartWith("portwatch.yml:4:1: not valid YAML: ");
        error.Message.ShouldContain("left open");
    }

    [Fact]
    public void Apply_BadIndentation_NamesLineAndColumn()
    {
        var error = Should.Throw<ConfigException>(() => Apply("scan:\n  interval: 15s\n protocols: [tcp]\n"));

        error.Message.ShouldStartWith("portwatch.yml:3:");
        error.Message.ShouldContain("not valid YAML");
    }

    [Theory]
    [InlineData("- scan\n", "portwatch.yml:1:1: ", "the config file must be a mapping")]
    [InlineData("just a string\n", "portwatch.yml:1:1: ", "the config file must be a mapping")]
    [InlineData("scan: 5\n", "portwatch.yml:1:7: ", "\"scan\" must be a mapping")]
    [InlineData("scan: [interval]\n", "portwatch.yml:1:7: ", "\"scan\" must be a mapping")]
    [InlineData("scan:\n  interval: [1s, 2s]\n", "portwatch.yml:2:13: ", "scan.interval: must be a single value")]
    [InlineData("scan:\n  interval: {a: 1}\n", "portwatch.yml:2:13: ", "scan.interval: must be a single value")]
    [InlineData("scan:\n  protocols: {tcp: true}\n", "portwatch.yml:2:14: ", "scan.protocols: must be a value or a list of values")]
    [InlineData("scan:\n  protocols: [[tcp]]\n", "portwatch.yml:2:15: ", "each item must be a plain value")]
    [InlineData("expected: {protocol: tcp}\n", "portwatch.yml:1:11: ", "expected: must be a list")]
    [InlineData("expected:\n  - tcp\n", "portwatch.yml:2:5: ", "an expected: entry must be a mapping")]
    [InlineData("? [a, b]\n: c\n", "portwatch.yml:1:3: ", "a key must be a plain string")]
    public void Apply_WrongShape_NamesWhereAndWhat(string yaml, string prefix, string what)
    {
        var error = Should.Throw<ConfigException>(() => Apply(yaml));

        error.Message.ShouldStartWith(prefix);
        error.Message.ShouldContain(what);
    }

    [Fact]
    public void Apply_TwoDocuments_IsAnError()
    {
        var error = Should.Throw<ConfigException>(() => Apply("scan:\n  interval: 1s\n---\nscan:\n  interval: 2s\n"));

        error.Message.ShouldStartWith("portwatch.yml:4:1: ");
        error.Message.ShouldContain("more than one YAML document");
    }

    [Fact]
    public void Apply_FileOnDisk_IsReadAndErrorsNameItsPath()
    {
        var path = directory.WriteFile("config.yml", "scan:\n  interval: 20s\n");
        var settings = new PortWatchSettings();

        ConfigFileLoader.Apply(path, settings);
        settings.Scan.Interval.ShouldBe(TimeSpan.FromSeconds(20));

        System.IO.File.WriteAllText(path, "bogus: 1\n");
        Should.Throw<ConfigException>(() => ConfigFileLoader.Apply(path, new PortWatchSettings())).Message.ShouldStartWith($"{path}:1:1: ");
    }

    [Fact]
    public void Apply_MissingFile_NamesIt()
    {
        var path = directory.Combine("missing.yml");

        var error = Should.Throw<ConfigException>(() => ConfigFileLoader.Apply(path, new PortWatchSettings()));

        error.Message.ShouldStartWith($"{path}: cannot read the config file");
    }

    [Fact]
    public void Apply_ExpectedWithAddressAndRange_IsParsed()
    {
        var settings = new PortWatchSettings();

        ConfigFileLoader.Apply(File, "expected:\n  - {port: 8000-8099, address: \"::1\"}\n", settings);

        settings.Scan.Expected.ShouldBe([new ExpectedListener(null, 8000, 8099, null, IPAddress.IPv6Loopback)]);
    }

    [Fact]
    public void Apply_InputYamlDotNetCannotBuildADocumentOf_IsAnErrorThatSaysWhere()
    {
        // Found by the random-config property: YamlDotNet threw ArgumentException ("unsupported event") out of the loader.
        var error = Should.Throw<ConfigException>(() => Apply("listen_addresszc90,-s0a0- bs0z0aazzb9:c -::\n  ? : 1asaaa0-\n  : \n"));

        error.Message.ShouldMatch(@"^portwatch\.yml:\d+:\d+: not valid YAML: ");
    }

    [Fact]
    public void Apply_NestingAtTheLimit_LoadsAndOneDeeperIsRejectedWhereItGoesTooDeep()
    {
        // 32 levels: the root mapping, "expected:"'s list, and 30 lists inside it (which expected: then refuses, as a shape).
        var atLimit = "expected: " + new string('[', 31) + new string(']', 31) + "\n";
        Should.Throw<ConfigException>(() => Apply(atLimit)).Message.ShouldNotContain("nested deeper");

        var error = Should.Throw<ConfigException>(() => Apply("expected: " + new string('[', 32) + new string(']', 32) + "\n"));

        error.Message.ShouldBe("portwatch.yml:1:42: nested deeper than 32 levels (the config file's deepest is 3)");
    }

    [Fact]
    public void Apply_ValueAtTheLengthLimit_IsReadAndOneLongerIsRejectedWithoutBeingRepeated()
    {
        var settings = new PortWatchSettings();
        ConfigFileLoader.Apply(File, "state:\n  file: /" + new string('a', 4095) + "\n", settings);
        settings.State.File.Length.ShouldBe(4096);

        var error = Should.Throw<ConfigException>(() => Apply("state:\n  file: /" + new string('a', 4096) + "\n"));

        error.Message.ShouldBe($"portwatch.yml:2:9: a value of 4,097 characters (\"/{new string('a', 39)}…\"); at most 4,096");
    }

    [Fact]
    public void Apply_Alias_IsRejectedAtTheAlias()
    {
        var error = Should.Throw<ConfigException>(() => Apply("scan:\n  interval: &i 15s\n  retention: *i\n"));

        error.Message.ShouldBe("portwatch.yml:3:14: aliases (*i) are not supported in the config file: write the value out");
    }

    [Fact]
    public void Apply_FileOverOneMiB_IsRejectedAtTheLineAndColumnWhereItCrossesTheLimit()
    {
        var path = directory.Combine("big.yml");
        var line = "# " + new string('x', 1021) + "\n"; // 1,024 bytes a line.
        System.IO.File.WriteAllText(path, string.Concat(Enumerable.Repeat(line, 1024)) + "scan: {}\n");

        var error = Should.Throw<ConfigException>(() => ConfigFileLoader.Apply(path, new PortWatchSettings()));

        error.Message.ShouldBe($"{path}:1025:1: the file is larger than 1 MiB, the most a config file may be");
        System.IO.File.WriteAllText(path, string.Concat(Enumerable.Repeat(line, 1024)));
        ConfigFileLoader.Apply(path, new PortWatchSettings()); // Exactly 1 MiB is read.
    }

    private static void Apply(string yaml) => ConfigFileLoader.Apply(File, yaml, new PortWatchSettings());
}

using PortWatch.Configuration;
using PortWatch.Sockets;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Configuration;

public sealed class SettingsBuilderTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Build_NoFileNoFlags_GivesTheDefaults()
    {
        var settings = SettingsBuilder.Build("", []);

        settings.Scan.Interval.ShouldBe(TimeSpan.FromSeconds(1));
        settings.Scan.Retention.ShouldBe(TimeSpan.FromMinutes(5));
        settings.Scan.Method.ShouldBe(PortWatch.Scanning.ScanMethod.Netlink);
        settings.Scan.ProcFsPath.ShouldBe("/proc");
        settings.Scan.AttributeProcesses.ShouldBeTrue();
        settings.Web.TelemetryPath.ShouldBe("/metrics");
        settings.Web.ListenAddresses.ShouldHaveSingleItem().Text.ShouldBe(":10133");
        settings.State.ForgetAfter.ShouldBe(TimeSpan.FromDays(7));
        settings.Log.Format.ShouldBe("logfmt");
        settings.ConfigFile.ShouldBe("");
    }

    [Fact]
    public void Build_FileAndFlags_FlagsWinAndTheRestOfTheFileStays()
    {
        var path = directory.WriteFile("portwatch.yml", "scan:\n  interval: 30s\n  processes: false\n  protocols: [tcp]\nstate:\n  file: /from/file.json\n");

        var settings = SettingsBuilder.Build(path, [Flag("scan.interval", "5s"), Flag("scan.processes", "true")]);

        settings.ConfigFile.ShouldBe(path);
        settings.Scan.Interval.ShouldBe(TimeSpan.FromSeconds(5));
        settings.Scan.AttributeProcesses.ShouldBeTrue();
        settings.Scan.Protocols.ShouldBe([TransportProtocol.Tcp]);
        settings.State.File.ShouldBe("/from/file.json");
    }

    [Fact]
    public void Build_Limits_DefaultToNodeExportersFortyAndTenThousandListeners()
    {
        var settings = SettingsBuilder.Build("", []);

        settings.Web.MaxRequests.ShouldBe(40);
        settings.Scan.MaxListeners.ShouldBe(10_000);
    }

    [Fact]
    public void Build_LimitsFromFileAndFlags_FlagsWinAndZeroMeansNoLimit()
    {
        var path = directory.WriteFile("portwatch.yml", "web:\n  max_requests: 5\nscan:\n  max_listeners: 200\n");

        var fromFile = SettingsBuilder.Build(path, []);
        var fromFlags = SettingsBuilder.Build(path, [Flag("web.max-requests", "0"), Flag("scan.max-listeners", "0")]);

        fromFile.Web.MaxRequests.ShouldBe(5);
        fromFile.Scan.MaxListeners.ShouldBe(200);
        fromFlags.Web.MaxRequests.ShouldBe(0);
        fromFlags.Scan.MaxListeners.ShouldBe(0);
    }

    [Theory]
    [InlineData("web.max-requests", "-1")]
    [InlineData("web.max-requests", "4.5")]
    [InlineData("scan.max-listeners", "ten")]
    [InlineData("scan.max-listeners", "99999999999")]
    [InlineData("scan.max-listeners", "")]
    public void Build_BadLimitFlag_NamesTheFlagAndTheValue(string flag, string value)
    {
        var error = Should.Throw<ConfigException>(() => SettingsBuilder.Build("", [Flag(flag, value)]));

        error.Message.ShouldBe($"--{flag}: \"{value}\" is not a whole number from 0 (no limit) to 2147483647");
    }

    [Fact]
    public void Build_BadLimitInTheFile_NamesFileLineColumnAndKey()
    {
        var path = directory.WriteFile("portwatch.yml", "scan:\n  max_listeners: -3\n");

        var error = Should.Throw<ConfigException>(() => SettingsBuilder.Build(path, []));

        error.Message.ShouldBe($"{path}:2:18: scan.max_listeners: \"-3\" is not a whole number from 0 (no limit) to 2147483647");
    }

    [Fact]
    public void Build_RepeatedListFlag_TakesEveryValueAndReplacesTheFilesList()
    {
        var path = directory.WriteFile("portwatch.yml", "web:\n  listen_address: [\":1\"]\n");

        var settings = SettingsBuilder.Build(path, [Flag("web.listen-address", "127.0.0.1:2"), Flag("web.listen-address", "[::1]:3")]);

        settings.Web.ListenAddresses.Select(a => a.Text).ShouldBe(["127.0.0.1:2", "[::1]:3"]);
    }

    [Fact]
    public void Build_ProtocolsFlagCommaSeparated_IsSplit()
    {
        SettingsBuilder.Build("", [Flag("scan.protocols", "udp, tcp")]).Scan.Protocols.ShouldBe([TransportProtocol.Tcp, TransportProtocol.Udp], ignoreOrder: true);
    }

    [Theory]
    [InlineData("scan.interval", "abc", "--scan.interval: \"abc\" is not a duration")]
    [InlineData("scan.interval", "0s", "--scan.interval: must be at least 100ms")]
    [InlineData("scan.interval", "50ms", "--scan.interval: must be at least 100ms")]
    [InlineData("scan.interval", "100d", "--scan.interval: must be at most 1d")]
    [InlineData("scan.processes", "maybe", "--scan.processes: \"maybe\" is not true or false")]
    [InlineData("web.telemetry-path", "/-/metrics", "--web.telemetry-path: \"/-/metrics\" must start with /")]
    [InlineData("web.telemetry-path", "/", "--web.telemetry-path: \"/\" must start with /")]
    [InlineData("web.telemetry-path", "/{x}", "--web.telemetry-path: \"/{x}\" must start with /")]
    [InlineData("web.telemetry-path", "/a b", "--web.telemetry-path: \"/a b\" must start with /")]
    [InlineData("log.format", "xml", "--log.format: \"xml\" is not a log format")]
    [InlineData("scan.protocols", ",", "--scan.protocols: needs at least one protocol")]
    public void Build_BadFlagValue_ThrowsNamingTheFlag(string flag, string value, string message)
    {
        Should.Throw<ConfigException>(() => SettingsBuilder.Build("", [Flag(flag, value)])).Message.ShouldStartWith(message);
    }

    [Fact]
    public void Build_BadFile_ThrowsBeforeFlagsAreApplied()
    {
        var path = directory.WriteFile("portwatch.yml", "scan:\n  interval: nope\n");

        Should.Throw<ConfigException>(() => SettingsBuilder.Build(path, [Flag("scan.interval", "5s")])).Message.ShouldStartWith($"{path}:2:13: ");
    }

    [Fact]
    public void Build_RetentionAndForgetAfterZero_AreAllowed()
    {
        var settings = SettingsBuilder.Build("", [Flag("scan.retention", "0s"), Flag("state.forget-after", "0")]);

        settings.Scan.Retention.ShouldBe(TimeSpan.Zero);
        settings.State.ForgetAfter.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void Build_BuiltInExpected_IsOnByDefault_OffFromTheFileOrTheNegatedFlag_AndTheFlagWins()
    {
        var off = directory.WriteFile("off.yml", "scan:\n  builtin_expected: false\nexpected:\n  - {kind: packet, exe: /usr/sbin/dhclient}\n");

        SettingsBuilder.Build("", []).Scan.BuiltInExpected.ShouldBeTrue();
        var fromFile = SettingsBuilder.Build(off, []);
        fromFile.Scan.BuiltInExpected.ShouldBeFalse();
        fromFile.Scan.Expected.ShouldHaveSingleItem().Exe.ShouldBe("/usr/sbin/dhclient");
        SettingsBuilder.Build("", [Flag("scan.builtin-expected", "false")]).Scan.BuiltInExpected.ShouldBeFalse();
        SettingsBuilder.Build(off, [Flag("scan.builtin-expected", "true")]).Scan.BuiltInExpected.ShouldBeTrue();
    }

    private static (Setting Setting, string Value) Flag(string name, string value) =>
        (SettingTable.FindFlag(name).ShouldNotBeNull(), value);
}

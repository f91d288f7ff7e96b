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

    private static (Setting Setting, string Value) Flag(string name, string value) =>
        (SettingTable.FindFlag(name).ShouldNotBeNull(), value);
}

using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Cli;

public sealed class ConfigErrorTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("portwatch-config-").FullName;

    [Theory]
    [InlineData("scan:\n  interval: 15s\n  protocols: [tcp, udp\n", "not valid YAML")]
    [InlineData("scan:\n  interval: 15s\n  protocol: [tcp]\n", "unknown key \"protocol\" in \"scan\"")]
    [InlineData("scan:\n  interval: soon\n", "scan.interval: \"soon\" is not a duration")]
    [InlineData("expected:\n  - {protocol: tcp, port: 22, user: root}\n", "unknown key \"user\" in an expected: entry")]
    [InlineData("scna:\n  interval: 15s\n", "unknown key \"scna\"")]
    [InlineData("registry:\n  file: \"a\\0b\"\n", "2:9: registry.file: a path cannot hold a NUL character")]
    public async Task Exporter_BadConfigFile_ExitsTwoNamingFileLineAndColumn(string yaml, string problem)
    {
        var file = Path.Combine(directory, "portwatch.yml");
        await File.WriteAllTextAsync(file, yaml);

        var (exitCode, _, stderr) = await ProcessRunner.PortwatchAsync($"--config.file={file}", "--web.listen-address=127.0.0.1:0");

        exitCode.ShouldBe(2);
        stderr.ShouldMatch($@"^portwatch: error: {System.Text.RegularExpressions.Regex.Escape(file)}:\d+:\d+: .*");
        stderr.ShouldContain(problem);
    }

    [Fact]
    public async Task Exporter_UnknownKey_PointsAtItsLineAndColumn()
    {
        var file = Path.Combine(directory, "portwatch.yml");
        await File.WriteAllTextAsync(file, "scan:\n  interval: 15s\n  processes: true\n  colour: blue\n");

        var (exitCode, _, stderr) = await ProcessRunner.PortwatchAsync($"--config.file={file}");

        exitCode.ShouldBe(2);
        stderr.ShouldContain($"{file}:4:3: unknown key \"colour\" in \"scan\"");
    }

    [Theory]
    [InlineData("--scan.interval=fast")]
    [InlineData("--no-such-flag")]
    [InlineData("--web.listen-address=10133")]
    [InlineData("--scan.interval=100d")]
    [InlineData("--web.telemetry-path=/{x}")]
    public async Task Exporter_BadFlag_ExitsTwo(string flag)
    {
        var (exitCode, _, stderr) = await ProcessRunner.PortwatchAsync(flag);

        exitCode.ShouldBe(2);
        stderr.ShouldStartWith("portwatch: error: ");
    }

    [Fact]
    public async Task List_MissingConfigFile_ExitsTwo()
    {
        var (exitCode, _, stderr) = await ProcessRunner.PortwatchAsync("list", $"--config.file={Path.Combine(directory, "absent.yml")}");

        exitCode.ShouldBe(2);
        stderr.ShouldContain("absent.yml");
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}

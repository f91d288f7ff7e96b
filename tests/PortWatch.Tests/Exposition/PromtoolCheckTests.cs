using System.Diagnostics;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Exposition;

/// <summary>
/// Prometheus's own checker on the golden exposition: it parses it and lints the names, types and help. The
/// build script installs promtool; a machine without it fails this test rather than skipping it.
/// </summary>
public sealed class PromtoolCheckTests
{
    private const string Promtool = "/usr/bin/promtool";

    [Fact]
    public async Task CheckMetrics_GoldenFile_PassesWithoutProblems()
    {
        var (exitCode, output) = await CheckMetricsAsync(await File.ReadAllBytesAsync(Fixtures.PathOf("golden.prom"), TestContext.Current.CancellationToken));

        output.ShouldBeEmpty();
        exitCode.ShouldBe(0);
    }

    [Fact]
    public async Task CheckMetrics_ExpositionWithAProblem_Fails()
    {
        // Proves the check above can fail: a series without HELP is a lint problem.
        var (exitCode, output) = await CheckMetricsAsync("portwatch_bad 1\n"u8.ToArray());

        exitCode.ShouldNotBe(0);
        output.ShouldContain("no help text");
    }

    private static async Task<(int ExitCode, string Output)> CheckMetricsAsync(byte[] exposition)
    {
        File.Exists(Promtool).ShouldBeTrue($"{Promtool} is missing: install Debian's prometheus package (./build.sh test does)");
        var start = new ProcessStartInfo(Promtool, ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start).ShouldNotBeNull();
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.StandardInput.BaseStream.WriteAsync(exposition, TestContext.Current.CancellationToken);
        process.StandardInput.Close();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, (await stdout) + (await stderr));
    }
}

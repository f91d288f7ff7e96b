using System.Diagnostics;
using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Hosting;

public sealed class ShutdownTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("portwatch-shutdown-").FullName;

    [Fact]
    public async Task SigTerm_WhileAProcReadHangs_StopsPromptlyAndSavesTheRecord()
    {
        using var fixture = new FixtureProcFs();
        var state = Path.Combine(directory, "state.json");
        await using var exporter = await ExporterProcess.StartAsync($"--path.procfs={fixture.Root}", $"--state.file={state}", "--scan.interval=1s");
        await exporter.ScrapeUntilAsync(_ => File.Exists(state)); // The first save follows the first scan.
        File.Delete(state);

        // net/tcp becomes a named pipe nobody writes: the next scan's open() blocks in the kernel, for real.
        var table = Path.Combine(fixture.Root, "net", "tcp");
        File.Delete(table);
        var (code, _, error) = await ProcessRunner.RunAsync("mkfifo", [table]);
        code.ShouldBe(0, error);
        await exporter.ScrapeUntilAsync(_ => true);
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // A scan is now stuck opening the pipe.

        var stopping = Stopwatch.StartNew();
        var exitCode = await exporter.StopAsync();

        stopping.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5), exporter.Log);
        exitCode.ShouldBe(0, exporter.Log);
        File.Exists(state).ShouldBeTrue("the final save ran although a scan was stuck");
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}

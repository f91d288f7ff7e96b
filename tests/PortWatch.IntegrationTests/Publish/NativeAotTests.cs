using System.Globalization;
using System.Net;
using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Publish;

/// <summary>
/// What <c>./build.sh publish</c> makes: a Native AOT binary, compiled without a trimming or AOT warning, that runs
/// the exporter with no .NET installed beside it and serves metrics promtool accepts.
/// </summary>
public sealed class NativeAotTests(ITestOutputHelper output) : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("portwatch-aot-").FullName;

    [Fact]
    public async Task Publish_NativeAot_WithoutWarnings_ServesMetrics()
    {
        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync(
            RepositoryPaths.Dotnet,
            ["publish", RepositoryPaths.InRoot("src", "PortWatch", "PortWatch.csproj"), "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", directory],
            timeout: TimeSpan.FromMinutes(15));

        exitCode.ShouldBe(0, stdout + stderr);
        stdout.Split('\n').Where(l => l.Contains(" warning ", StringComparison.OrdinalIgnoreCase)).ShouldBeEmpty();
        var binary = Path.Combine(directory, "portwatch");
        output.WriteLine($"binary: {new FileInfo(binary).Length / 1024 / 1024} MiB");
        (await ProcessRunner.RunAsync(binary, ["--version"])).Stdout.ShouldStartWith("portwatch, version ");

        var port = FreePort.Next();
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(binary, [$"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"), Timeout = TimeSpan.FromSeconds(5) };
            string? body = null;
            for (var attempt = 0; attempt < 100 && body is null; attempt++)
            {
                try
                {
                    using var response = await http.GetAsync("metrics");
                    body = response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : null;
                }
                catch (HttpRequestException)
                {
                }

                if (body is null)
                {
                    await Task.Delay(100);
                }
            }

            body.ShouldNotBeNull();
            body.ShouldContain("portwatch_scan_method_info{method=\"netlink\"} 1");
            body.ShouldContain("portwatch_destroy_events_enabled 1");
            body.ShouldContain("process_resident_memory_bytes");
            var (promtool, problems) = await Promtool.CheckMetricsAsync(body);
            promtool.ShouldBe(0, problems);
            output.WriteLine($"resident: {Scrape.Series(body, "process_resident_memory_bytes").Single().Value / 1024 / 1024:F1} MiB");
        }
        finally
        {
            Privileges.Signal(process.Id, 15);
            await process.WaitForExitAsync();
        }

        process.ExitCode.ShouldBe(0);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}

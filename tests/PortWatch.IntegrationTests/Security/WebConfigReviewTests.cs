using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PortWatch.IntegrationTests.Infrastructure;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Security;

/// <summary>
/// The security review's findings on <c>--web.config.file</c> (issue 15, items 1 and 2), against the real exporter
/// over plain HTTP with basic auth: a truncated file and a file that cannot be loaded, at reload and at startup.
/// </summary>
public sealed class WebConfigReviewTests : IDisposable
{
    private const string User = "prometheus";
    private const string Password = "s3cret-Passw0rd";
    private static readonly string Hash = Htpasswd.Hash(Password, 4);
    private readonly string directory = Directory.CreateTempSubdirectory("portwatch-webreview-test-").FullName;

    [Fact]
    public async Task Truncated_WhileRunning_KeepsAuthenticationAndSaysTheReloadFailed()
    {
        var file = Write($"basic_auth_users:\n  {User}: '{Hash}'\n");
        await using var exporter = await ExporterProcess.StartWithAsync(Client(), $"--web.config.file={file}");
        using var anonymous = new HttpClient { BaseAddress = exporter.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        (await StatusAsync(anonymous, "metrics")).ShouldBe(HttpStatusCode.Unauthorized);

        await File.WriteAllTextAsync(file, "", TestContext.Current.CancellationToken);
        await exporter.ScrapeUntilAsync(b => Scrape.Series(b, "portwatch_web_config_last_reload_successful").Single().Value == 0);

        (await StatusAsync(anonymous, "metrics")).ShouldBe(HttpStatusCode.Unauthorized);
        (await StatusAsync(anonymous, "")).ShouldBe(HttpStatusCode.Unauthorized);
        (await StatusAsync(anonymous, "-/healthy")).ShouldBe(HttpStatusCode.OK);
        await exporter.WaitForLogAsync($"{file}:1:1: the file is empty");
    }

    [Fact]
    public async Task NulInAPath_AtReload_IsRefusedAndEveryRequestIsStillServed()
    {
        var file = Write($"basic_auth_users:\n  {User}: '{Hash}'\n");
        await using var exporter = await ExporterProcess.StartWithAsync(Client(), $"--web.config.file={file}");
        using var anonymous = new HttpClient { BaseAddress = exporter.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

        await File.WriteAllTextAsync(file, $"basic_auth_users:\n  {User}: '{Hash}'\ntls_server_config:\n  cert_file: \"a\\0b\"\n  key_file: b.key\n", TestContext.Current.CancellationToken);
        await exporter.ScrapeUntilAsync(b => Scrape.Series(b, "portwatch_web_config_last_reload_successful").Single().Value == 0);

        (await StatusAsync(anonymous, "-/healthy")).ShouldBe(HttpStatusCode.OK);
        (await StatusAsync(anonymous, "metrics")).ShouldBe(HttpStatusCode.Unauthorized);
        (await exporter.ScrapeAsync()).ShouldContain("portwatch_scan_success 1");
        await exporter.WaitForLogAsync($"{file}:4:14: tls_server_config.cert_file: a path cannot hold a NUL character");
    }

    [Fact]
    public async Task NulInAPath_AtStartup_ExitsTwoNamingTheFileLineAndColumn()
    {
        var file = Write($"basic_auth_users:\n  {User}: '{Hash}'\ntls_server_config:\n  cert_file: \"a\\0b\"\n  key_file: b.key\n");

        var (exitCode, _, stderr) = await ProcessRunner.PortwatchAsync($"--web.config.file={file}", "--web.listen-address=127.0.0.1:0");

        exitCode.ShouldBe(2, stderr);
        stderr.ShouldStartWith($"portwatch: error: {file}:4:14: tls_server_config.cert_file: a path cannot hold a NUL character");
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    private static ExporterClient Client() =>
        new("http", () => new SocketsHttpHandler(), new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"))));

    private string Write(string yaml)
    {
        var file = Path.Combine(directory, "web.yml");
        File.WriteAllText(file, yaml);
        return file;
    }
}

using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PortWatch.IntegrationTests.Infrastructure;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Security;

/// <summary>
/// <c>--web.config.file</c> over real connections to the real exporter: TLS and basic auth, plain HTTP and old TLS
/// refused, mutual TLS, certificate rotation without a restart, bad files at startup, and a real Prometheus
/// scraping through all of it. Certificates by openssl, hashes by htpasswd -B.
/// </summary>
public sealed class WebConfigTests(WebPki pki) : IClassFixture<WebPki>, IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("portwatch-webconfig-test-").FullName;

    [Fact]
    public async Task BasicAuth_OverTls_LetsOnlyTheRightCredentialsThroughAndLeavesHealthyOpen()
    {
        var file = Write($"""
            tls_server_config:
              cert_file: {pki.Server.Cert}
              key_file: {pki.Server.Key}
            basic_auth_users:
              {WebPki.User}: '{pki.Hash}'
            http_server_config:
              headers:
                X-Content-Type-Options: nosniff
                Strict-Transport-Security: max-age=63072000
            """);
        await using var exporter = await ExporterProcess.StartWithAsync(Client(), $"--web.config.file={file}");
        using var anonymous = new HttpClient(pki.Handler()) { BaseAddress = exporter.BaseAddress };

        foreach (var (user, password) in new[] { (null, null), (WebPki.User, "wrong"), (WebPki.User, ""), ("root", WebPki.Password), ("", WebPki.Password) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "metrics");
            if (user is not null)
            {
                request.Headers.Authorization = Basic(user, password!);
            }

            using var response = await anonymous.SendAsync(request, TestContext.Current.CancellationToken);
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"user {user ?? "(none)"}");
            response.Headers.WwwAuthenticate.ToString().ShouldBe("Basic");
            response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
            (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldNotContain("portwatch_");
        }

        foreach (var path in new[] { "", "-/ready", "metrics", "no/such/page" })
        {
            using var response = await anonymous.GetAsync(path, TestContext.Current.CancellationToken);
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"/{path} without credentials");
        }

        using (var healthy = await anonymous.GetAsync("-/healthy", TestContext.Current.CancellationToken))
        {
            healthy.StatusCode.ShouldBe(HttpStatusCode.OK);
            healthy.Headers.GetValues("Strict-Transport-Security").ShouldBe(["max-age=63072000"]);
        }

        (await exporter.ScrapeAsync()).ShouldContain("portwatch_listener_info{");
        foreach (var (path, status) in new[] { ("", HttpStatusCode.OK), ("-/ready", HttpStatusCode.OK), ("no/such/page", HttpStatusCode.NotFound) })
        {
            using var response = await exporter.Http.GetAsync(path, TestContext.Current.CancellationToken);
            response.StatusCode.ShouldBe(status, $"/{path} with credentials");
        }

        exporter.Log.ShouldNotContain("level=error");
        exporter.Log.ShouldNotContain("level=warn");
    }

    [Fact]
    public async Task PlainHttp_ToTheTlsPort_GetsNothing()
    {
        await using var exporter = await StartTlsAsync();
        using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        await Should.ThrowAsync<HttpRequestException>(plain.GetAsync($"http://127.0.0.1:{exporter.Port.ToString(CultureInfo.InvariantCulture)}/metrics", TestContext.Current.CancellationToken));

        (await exporter.ScrapeAsync()).ShouldContain("portwatch_scan_success 1");
        exporter.Log.ShouldNotContain("level=error");
    }

    [Fact]
    public async Task OpensslClient_OldTlsAndOtherSuitesAreRefused_TheAllowedOnesConnect()
    {
        await using var exporter = await StartTlsAsync("  cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]\n");

        var tls11 = await SClientAsync(exporter, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
        if (tls11.Output.Contains("no protocols available", StringComparison.Ordinal))
        {
            Assert.Skip($"this machine's openssl will not offer TLS 1.1 even at SECLEVEL=0, so the server's refusal cannot be seen: {tls11.Output}");
        }

        tls11.ExitCode.ShouldNotBe(0);
        tls11.Output.ShouldContain("alert protocol version", customMessage: "the server, not the client, refused TLS 1.1");
        var otherSuite = await SClientAsync(exporter, "-tls1_2", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384");
        otherSuite.ExitCode.ShouldNotBe(0);
        otherSuite.Output.ShouldContain("alert handshake failure");
        var allowed = await SClientAsync(exporter, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256");
        allowed.ExitCode.ShouldBe(0, allowed.Output);
        allowed.Output.ShouldContain("Cipher is ECDHE-RSA-AES128-GCM-SHA256");
        var tls13 = await SClientAsync(exporter, "-tls1_3");
        tls13.ExitCode.ShouldBe(0, tls13.Output);
        tls13.Output.ShouldContain("TLSv1.3");
        exporter.Log.ShouldNotContain("level=error");
    }

    [Fact]
    public async Task MutualTls_OnlyTheCasCurrentClientCertificateConnects()
    {
        var file = Write($"""
            tls_server_config:
              cert_file: {pki.Server.Cert}
              key_file: {pki.Server.Key}
              client_ca_file: {pki.Ca.CaCert}
              client_auth_type: RequireAndVerifyClientCert
            """);
        await using var exporter = await ExporterProcess.StartWithAsync(new ExporterClient("https", () => pki.Handler(pki.Client), null), $"--web.config.file={file}", "--log.level=debug");

        foreach (var (name, client) in new (string, (string, string)?)[] { ("no certificate", null), ("another CA's", pki.Other), ("an expired", pki.Expired) })
        {
            using var http = new HttpClient(pki.Handler(client)) { BaseAddress = exporter.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            await Should.ThrowAsync<HttpRequestException>(http.GetAsync("-/healthy", TestContext.Current.CancellationToken), $"{name} client certificate");
        }

        (await exporter.ScrapeAsync()).ShouldContain("portwatch_scan_success 1");
        await exporter.WaitForLogAsync("TLS handshake refused: no client certificate");
        await exporter.WaitForLogAsync("CN=intruder does not verify against client_ca_file");
        await exporter.WaitForLogAsync("CN=expired does not verify against client_ca_file: NotTimeValid");
        exporter.Log.ShouldNotContain("level=error");
    }

    [Fact]
    public async Task Rotation_NewCertificateServesTheNextConnection_ABrokenOneKeepsTheLastGood()
    {
        var cert = Path.Combine(directory, "tls.crt");
        var key = Path.Combine(directory, "tls.key");
        File.Copy(pki.Server.Cert, cert);
        File.Copy(pki.Server.Key, key);
        var file = Write($"tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\nbasic_auth_users:\n  {WebPki.User}: '{pki.Hash}'\n");
        await using var exporter = await ExporterProcess.StartWithAsync(Client(), $"--web.config.file={file}");
        (await ServedCertificateAsync(exporter)).Subject.ShouldBe("CN=server");

        var rotated = pki.Ca.IssueServer("rotated");
        Replace(rotated.Key, key);
        Replace(rotated.Cert, cert);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while ((await ServedCertificateAsync(exporter)).Subject != "CN=rotated")
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, $"the rotated certificate was not served:\n{exporter.Log}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        var body = await exporter.ScrapeAsync();
        Scrape.Series(body, "portwatch_web_config_last_reload_successful").Single().Value.ShouldBe(1);
        var reloaded = Scrape.Series(body, "portwatch_web_config_last_reload_success_timestamp_seconds").Single().Value;

        await File.WriteAllTextAsync(cert, "-----BEGIN CERTIFICATE-----\nYnJva2Vu\n-----END CERTIFICATE-----\n", TestContext.Current.CancellationToken);
        body = await exporter.ScrapeUntilAsync(b => Scrape.Series(b, "portwatch_web_config_last_reload_successful").Single().Value == 0);
        Scrape.Series(body, "portwatch_web_config_last_reload_success_timestamp_seconds").Single().Value.ShouldBe(reloaded);
        for (var i = 0; i < 5; i++)
        {
            (await ServedCertificateAsync(exporter)).Subject.ShouldBe("CN=rotated");
            await Task.Delay(300, TestContext.Current.CancellationToken);
        }

        exporter.Log.Split('\n').Count(l => l.Contains("cannot re-read the web configuration", StringComparison.Ordinal)).ShouldBe(1, exporter.Log);
        exporter.Log.ShouldContain($"{file}:2:14: tls_server_config.cert_file: holds a PEM certificate that cannot be read");
    }

    [Theory]
    [InlineData("tls_server_config:\n  cert_file: {cert}\n  key_file: {key}\n  min_version: TLS14\n", "4:16: tls_server_config.min_version: \"TLS14\" is not a TLS version")]
    [InlineData("basic_auth_user:\n  prometheus: x\n", "1:1: unknown key \"basic_auth_user\"")]
    [InlineData("tls_server_config:\n  cert_file: absent.crt\n  key_file: {key}\n", "2:14: tls_server_config.cert_file: cannot read ")]
    [InlineData("tls_server_config:\n  cert_file: {cert}\n  key_file: {otherkey}\n", "3:13: tls_server_config.key_file: the private key cannot be read or does not match the certificate of cert_file")]
    [InlineData("basic_auth_users:\n  prometheus: 5ebe2294ecd0e0f08eab7690d2a6ee69\n", "2:15: basic_auth_users.prometheus: is not a bcrypt hash")]
    [InlineData("http_server_config:\n  headers:\n    Server: portwatch\n", "3:5: http_server_config.headers: the header \"Server\" cannot be set")]
    [InlineData("tls_server_config:\n  cert_file: {cert}\n  key_file: {key}\n  client_auth_type: RequireAndVerifyClientCert\n", "4:21: tls_server_config.client_auth_type: RequireAndVerifyClientCert verifies client certificates against client_ca_file, which is missing")]
    public async Task BadFile_AtStartup_ExitsTwoNamingTheFileLineColumnAndField(string yaml, string problem)
    {
        var file = Write(yaml.Replace("{cert}", pki.Server.Cert, StringComparison.Ordinal).Replace("{key}", pki.Server.Key, StringComparison.Ordinal)
            .Replace("{otherkey}", pki.Client.Key, StringComparison.Ordinal));

        var (exitCode, _, stderr) = await ProcessRunner.PortwatchAsync($"--web.config.file={file}", "--web.listen-address=127.0.0.1:0");

        exitCode.ShouldBe(2, stderr);
        stderr.ShouldStartWith($"portwatch: error: {file}:{problem}");
    }

    [Fact]
    public async Task Prometheus_ScrapesThroughMutualTlsAndBasicAuth()
    {
        var file = Write($"""
            tls_server_config:
              cert_file: {pki.Server.Cert}
              key_file: {pki.Server.Key}
              client_ca_file: {pki.Ca.CaCert}
              client_auth_type: RequireAndVerifyClientCert
              client_allowed_sans: [prometheus.example.org]
            basic_auth_users:
              {WebPki.User}: '{pki.Hash}'
            """);
        await using var exporter = await ExporterProcess.StartWithAsync(Client(pki.Client), $"--web.config.file={file}");
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: portwatch
                scheme: https
                tls_config:
                  ca_file: {pki.Ca.CaCert}
                  cert_file: {pki.Client.Cert}
                  key_file: {pki.Client.Key}
                basic_auth:
                  username: {WebPki.User}
                  password: {WebPki.Password}
                static_configs:
                  - targets: ['127.0.0.1:{exporter.Port.ToString(CultureInfo.InvariantCulture)}']
            """, TestContext.Current.CancellationToken);
        await using var prometheus = await ServerProcess.StartAsync("prometheus", (port, data) =>
        [
            $"--config.file={config}", $"--storage.tsdb.path={data}", $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
        ]);

        await PipelineServers.WaitForAsync(prometheus, "up{job=\"portwatch\"} == 1", 1);
        await PipelineServers.WaitForAsync(prometheus, "portwatch_listener_info{job=\"portwatch\"}", 1);
        await PipelineServers.WaitForAsync(prometheus, $"portwatch_listener_info{{job=\"portwatch\",port=\"{exporter.Port.ToString(CultureInfo.InvariantCulture)}\"}}", 1);
        exporter.Log.ShouldNotContain("level=error");
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>Moves a copy of <paramref name="source"/> over <paramref name="target"/> in one rename, as certificate tools do.</summary>
    private static void Replace(string source, string target)
    {
        var staged = target + ".new";
        File.Copy(source, staged, overwrite: true);
        File.Move(staged, target, overwrite: true);
    }

    private static async Task<(int ExitCode, string Output)> SClientAsync(ExporterProcess exporter, params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync(
            "openssl", ["s_client", "-connect", $"127.0.0.1:{exporter.Port.ToString(CultureInfo.InvariantCulture)}", .. arguments], stdin: "", timeout: TimeSpan.FromSeconds(20));
        return (exitCode, stdout + stderr);
    }

    private ExporterClient Client((string Cert, string Key)? certificate = null) =>
        new("https", () => pki.Handler(certificate), Basic(WebPki.User, WebPki.Password));

    private async Task<ExporterProcess> StartTlsAsync(string extra = "")
    {
        var file = Write($"tls_server_config:\n  cert_file: {pki.Server.Cert}\n  key_file: {pki.Server.Key}\n{extra}");
        return await ExporterProcess.StartWithAsync(new ExporterClient("https", () => pki.Handler(), null), $"--web.config.file={file}");
    }

    /// <summary>The certificate a new connection is served.</summary>
    private async Task<X509Certificate2> ServedCertificateAsync(ExporterProcess exporter)
    {
        X509Certificate2? served = null;
        using var http = new HttpClient(pki.Handler(seen: c => served = X509CertificateLoader.LoadCertificate(c.RawData))) { BaseAddress = exporter.BaseAddress };
        using var response = await http.GetAsync("-/healthy", TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return served.ShouldNotBeNull();
    }

    private string Write(string yaml)
    {
        var file = Path.Combine(directory, "web.yml");
        File.WriteAllText(file, yaml);
        return file;
    }
}

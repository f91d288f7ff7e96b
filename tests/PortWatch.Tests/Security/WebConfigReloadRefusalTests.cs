using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using PortWatch.Security;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Security;

/// <summary>
/// Reloads that would weaken the configuration in force, or that cannot be read, on real files: each is refused,
/// the running configuration stays, the reason is logged, and <see cref="WebConfigSource.Current"/> never throws.
/// </summary>
public sealed class WebConfigReloadRefusalTests : IDisposable
{
    private readonly TempDirectory directory = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeLogger log = new();
    private readonly string hash = Htpasswd.Hash("p", 4);
    private readonly string file;

    public WebConfigReloadRefusalTests() => file = directory.Combine("web.yml");

    [Theory]
    [InlineData("", "1:1: the file is empty")]
    [InlineData("# being rewritten\n", "1:1: the file is empty")]
    [InlineData("http_server_config:\n  headers:\n    X-Frame-Options: deny\n", "1:1: basic_auth_users: the file no longer names any user")]
    [InlineData("basic_auth_users:\n", "1:1: basic_auth_users: the file no longer names any user")]
    [InlineData("- basic_auth_users\n", "1:1: the web configuration file must be a mapping")]
    public void Current_ReloadThatWouldRemoveBasicAuth_IsRefusedAndAuthStays(string yaml, string reason)
    {
        File.WriteAllText(file, $"basic_auth_users:\n  prometheus: '{hash}'\n");
        var source = Source();
        var before = source.Current;

        File.WriteAllText(file, yaml);
        time.Advance(TimeSpan.FromSeconds(1));

        source.Current.ShouldBeSameAs(before);
        source.Current.Auth.Enabled.ShouldBeTrue();
        source.LastReloadSuccessful.ShouldBeFalse();
        source.Reloads.ShouldBe((0, 1));
        var error = log.Collector.GetSnapshot().Single(r => r.Level == LogLevel.Error);
        error.Message.ShouldContain($"{file}:{reason}");
    }

    [Fact]
    public void Current_ReloadThatWouldStopRequiringClientCertificates_IsRefused()
    {
        var pki = TestPki.Create(directory.Path, "ca");
        var server = pki.IssueServer("server");
        var tls = $"tls_server_config:\n  cert_file: {server.Cert}\n  key_file: {server.Key}\n";
        File.WriteAllText(file, $"{tls}  client_ca_file: {pki.CaCert}\n  client_auth_type: RequireAndVerifyClientCert\n");
        var source = Source();

        File.WriteAllText(file, tls);
        time.Advance(TimeSpan.FromSeconds(1));

        source.Current.Config.Tls.ClientAuth.ShouldBe(ClientAuthType.RequireAndVerifyClientCert);
        source.LastReloadSuccessful.ShouldBeFalse();
        log.Collector.LatestRecord.Message.ShouldContain($"{file}:1:1: tls_server_config.client_auth_type: the file turns client certificates from RequireAndVerifyClientCert to NoClientCert");
    }

    [Fact]
    public void Current_ReloadThatAddsAuthThenRemovesIt_KeepsIt()
    {
        File.WriteAllText(file, "http_server_config:\n  http2: true\n");
        var source = Source();
        File.WriteAllText(file, $"basic_auth_users:\n  prometheus: '{hash}'\n");
        time.Advance(TimeSpan.FromSeconds(1));
        source.Current.Auth.Enabled.ShouldBeTrue();

        File.WriteAllText(file, "http_server_config:\n  http2: true\n");
        time.Advance(TimeSpan.FromSeconds(1));

        source.Current.Auth.Enabled.ShouldBeTrue();
        source.LastReloadSuccessful.ShouldBeFalse();
        source.Reloads.ShouldBe((1, 1));
    }

    [Fact]
    public void Current_NulInAPath_IsRefusedAtItsPositionAndNeverThrows()
    {
        File.WriteAllText(file, $"basic_auth_users:\n  prometheus: '{hash}'\n");
        var source = Source();
        var before = source.Current;

        File.WriteAllText(file, $"basic_auth_users:\n  prometheus: '{hash}'\ntls_server_config:\n  cert_file: \"a\\0b\"\n  key_file: b.key\n");
        time.Advance(TimeSpan.FromSeconds(1));

        source.Current.ShouldBeSameAs(before);
        source.LastReloadSuccessful.ShouldBeFalse();
        log.Collector.LatestRecord.Message.ShouldContain($"{file}:4:14: tls_server_config.cert_file: a path cannot hold a NUL character");
    }

    [Fact]
    public async Task Current_CertificateRotated_KeepsTheCachedCredentialsOfUnchangedUsers()
    {
        var pki = TestPki.Create(directory.Path, "ca");
        var first = pki.IssueServer("first");
        var other = Htpasswd.Hash("q", 4);
        File.WriteAllText(file, Config(first, other));
        var source = Source();
        foreach (var (user, password) in new[] { ("prometheus", "p"), ("grafana", "q") })
        {
            (await source.Current.Auth.CheckAsync(Basic(user, password), TestContext.Current.CancellationToken)).Result.ShouldBe(BasicAuthResult.Success);
        }

        var rotated = pki.IssueServer("rotated");
        File.Copy(rotated.Cert, first.Cert, overwrite: true);
        File.Copy(rotated.Key, first.Key, overwrite: true);
        File.WriteAllText(file, Config(first, Htpasswd.Hash("q", 4))); // grafana's password hashed anew
        time.Advance(TimeSpan.FromSeconds(1));

        var current = source.Current;
        current.Tls.ShouldNotBeNull().Certificate.Subject.ShouldBe("CN=rotated");
        current.Auth.Cached.ShouldBe(1, "prometheus's entry is kept, grafana's (a new hash) is not");
        (await current.Auth.CheckAsync(Basic("prometheus", "p"), TestContext.Current.CancellationToken)).Result.ShouldBe(BasicAuthResult.Success);
        current.Auth.BcryptChecks.ShouldBe(0);
        (await current.Auth.CheckAsync(Basic("grafana", "q"), TestContext.Current.CancellationToken)).Result.ShouldBe(BasicAuthResult.Success);
        current.Auth.BcryptChecks.ShouldBe(1);

        string Config((string Cert, string Key) pair, string grafana) =>
            $"tls_server_config:\n  cert_file: {pair.Cert}\n  key_file: {pair.Key}\nbasic_auth_users:\n  prometheus: '{hash}'\n  grafana: '{grafana}'\n";
    }

    public void Dispose() => directory.Dispose();

    private static string Basic(string user, string password) =>
        "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}"));

    private WebConfigSource Source() => new(WebConfigLoader.Load(file), time, log);
}

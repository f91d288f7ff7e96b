using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using PortWatch.Security;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Security;

/// <summary>Reloads on real files, on a clock the test moves: at most one look a second, last good kept, one log line a failure.</summary>
public sealed class WebConfigSourceTests : IDisposable
{
    private readonly TempDirectory directory = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeLogger log = new();
    private readonly TestPki pki;
    private readonly (string Cert, string Key) first;
    private readonly string file;

    public WebConfigSourceTests()
    {
        pki = TestPki.Create(directory.Path, "ca");
        first = pki.IssueServer("first");
        file = directory.Combine("web.yml");
        WriteConfig(first, "alice");
    }

    [Fact]
    public void Current_FileChanged_IsReReadOnlyOnceASecondHasPassed()
    {
        var source = Source();
        var before = source.Current;

        WriteConfig(first, "bob");
        source.Current.ShouldBeSameAs(before);
        time.Advance(TimeSpan.FromMilliseconds(999));
        source.Current.ShouldBeSameAs(before);
        time.Advance(TimeSpan.FromMilliseconds(1));

        source.Current.Config.Users.Keys.ShouldBe(["bob"]);
        source.LastReloadSuccessful.ShouldBeTrue();
        source.LastSuccess.ShouldBe(time.GetUtcNow());
        source.Reloads.ShouldBe((1, 0));
    }

    [Fact]
    public void Current_NothingChanged_KeepsTheSameSnapshotAndItsCache()
    {
        var source = Source();
        var before = source.Current;

        for (var i = 0; i < 5; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            source.Current.ShouldBeSameAs(before);
        }

        source.Reloads.ShouldBe((0, 0));
    }

    [Fact]
    public void Current_CertificateReplacedByRename_IsReadEvenWithTheSameSizeAndModificationTime()
    {
        var source = Source();
        var second = pki.IssueServer("secon"); // the same length of name, so (nearly always) the same size
        var old = new FileInfo(first.Cert);
        var staged = directory.Combine("staged.crt");
        File.Copy(second.Cert, staged);
        File.SetLastWriteTimeUtc(staged, old.LastWriteTimeUtc);
        var stagedKey = directory.Combine("staged.key");
        File.Copy(second.Key, stagedKey);
        File.SetLastWriteTimeUtc(stagedKey, new FileInfo(first.Key).LastWriteTimeUtc);

        File.Move(staged, first.Cert, overwrite: true);
        File.Move(stagedKey, first.Key, overwrite: true);
        time.Advance(TimeSpan.FromSeconds(1));

        source.Current.Tls.ShouldNotBeNull().Certificate.Subject.ShouldBe("CN=secon");
    }

    [Fact]
    public void Current_BrokenCertificate_KeepsTheLastGoodConfigurationAndLogsOnce()
    {
        var source = Source();
        var before = source.Current;

        File.WriteAllText(first.Cert, "not a certificate\n");
        for (var i = 0; i < 5; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            source.Current.ShouldBeSameAs(before);
        }

        source.LastReloadSuccessful.ShouldBeFalse();
        source.Reloads.ShouldBe((0, 1));
        var errors = log.Collector.GetSnapshot().Where(r => r.Level == LogLevel.Error).ToList();
        errors.Count.ShouldBe(1);
        errors[0].Message.ShouldContain($"{file}:2:14: tls_server_config.cert_file: holds no PEM certificate");

        var fixedPair = pki.IssueServer("fixed");
        File.Copy(fixedPair.Cert, first.Cert, overwrite: true);
        File.Copy(fixedPair.Key, first.Key, overwrite: true);
        time.Advance(TimeSpan.FromSeconds(1));

        source.Current.Tls.ShouldNotBeNull().Certificate.Subject.ShouldBe("CN=fixed");
        source.LastReloadSuccessful.ShouldBeTrue();
        source.LastSuccess.ShouldBe(time.GetUtcNow());
    }

    [Fact]
    public void Current_FileTurnsTlsOff_IsRefusedUntilARestart()
    {
        var source = Source();

        File.WriteAllText(file, "basic_auth_users:\n");
        time.Advance(TimeSpan.FromSeconds(1));

        source.Current.Tls.ShouldNotBeNull();
        source.LastReloadSuccessful.ShouldBeFalse();
        log.Collector.LatestRecord.Message.ShouldContain("TLS was on when the exporter started and the file now turns it off; that takes a restart");
    }

    [Fact]
    public void Current_FileChangesHttp2_IsRefusedUntilARestart()
    {
        var source = Source();

        File.AppendAllText(file, "http_server_config:\n  http2: false\n");
        time.Advance(TimeSpan.FromSeconds(1));

        source.Current.Config.Http.Http2.ShouldBeTrue();
        source.LastReloadSuccessful.ShouldBeFalse();
        log.Collector.LatestRecord.Message.ShouldContain("http_server_config.http2: HTTP/2 is chosen when the exporter starts listening");
    }

    [Fact]
    public void Current_FileDeleted_KeepsTheLastGoodConfiguration()
    {
        var source = Source();
        var before = source.Current;

        File.Delete(file);
        time.Advance(TimeSpan.FromSeconds(1));

        source.Current.ShouldBeSameAs(before);
        source.LastReloadSuccessful.ShouldBeFalse();
        log.Collector.LatestRecord.Message.ShouldContain("cannot read the web configuration file");
    }

    public void Dispose() => directory.Dispose();

    private WebConfigSource Source() => new(WebConfigLoader.Load(file), time, log);

    private void WriteConfig((string Cert, string Key) pair, string user) =>
        File.WriteAllText(file, $"tls_server_config:\n  cert_file: {pair.Cert}\n  key_file: {pair.Key}\nbasic_auth_users:\n  {user}: '{Htpasswd.Hash("p", 4)}'\n");
}

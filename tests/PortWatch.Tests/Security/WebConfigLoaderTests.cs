using PortWatch.Security;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Security;

/// <summary>The files a web configuration names, made by openssl: read and checked, each problem named with its field.</summary>
public sealed class WebConfigLoaderTests : IDisposable
{
    private readonly TempDirectory directory = new();
    private readonly TestPki pki;
    private readonly (string Cert, string Key) server;

    public WebConfigLoaderTests()
    {
        pki = TestPki.Create(directory.Path, "ca");
        server = pki.IssueServer("server");
    }

    [Fact]
    public void Load_CertificateKeyAndClientCa_AreReadWithTheFilesIdentities()
    {
        var file = Write($"tls_server_config:\n  cert_file: {server.Cert}\n  key_file: {server.Key}\n  client_ca_file: {pki.CaCert}\n  client_auth_type: RequireAndVerifyClientCert\nbasic_auth_users:\n  u: '{Htpasswd.Hash("p")}'\n");

        var snapshot = WebConfigLoader.Load(file);

        snapshot.Tls.ShouldNotBeNull().Certificate.Subject.ShouldBe("CN=server");
        snapshot.Tls.Certificate.HasPrivateKey.ShouldBeTrue();
        snapshot.Auth.Enabled.ShouldBeTrue();
        snapshot.Identities.Select(i => i.Path).ShouldBe([file, server.Cert, server.Key, pki.CaCert]);
        snapshot.Identities.ShouldAllBe(i => i.Identity.Exists && i.Identity.Length > 0);
        var options = snapshot.Tls.ServerOptions(_ => { });
        options.ClientCertificateRequired.ShouldBeTrue();
        options.ServerCertificateContext.ShouldNotBeNull();
    }

    [Fact]
    public void Load_InlineCertificateAndKey_AreRead()
    {
        var cert = Indent(File.ReadAllText(server.Cert));
        var key = Indent(File.ReadAllText(server.Key));
        var file = Write($"tls_server_config:\n  cert: |\n{cert}  key: |\n{key}");

        WebConfigLoader.Load(file).Tls.ShouldNotBeNull().Certificate.Subject.ShouldBe("CN=server");
    }

    [Fact]
    public void Load_NoTls_ServesPlainHttp()
    {
        var file = Write($"basic_auth_users:\n  u: '{Htpasswd.Hash("p")}'\n");

        WebConfigLoader.Load(file).Tls.ShouldBeNull();
    }

    [Fact]
    public void Load_MissingCertFile_NamesTheFieldItsLineAndThePath()
    {
        var missing = directory.Combine("absent.crt");
        var file = Write($"tls_server_config:\n  key_file: {server.Key}\n  cert_file: absent.crt\n");

        var error = Should.Throw<WebConfigException>(() => WebConfigLoader.Load(file));

        error.Message.ShouldStartWith($"{file}:3:14: tls_server_config.cert_file: cannot read {missing}: ");
    }

    [Fact]
    public void Load_KeyOfAnotherCertificate_IsAnErrorOfTheKeyFile()
    {
        var other = pki.IssueServer("other");
        var file = Write($"tls_server_config:\n  cert_file: {server.Cert}\n  key_file: {other.Key}\n");

        var error = Should.Throw<WebConfigException>(() => WebConfigLoader.Load(file));

        error.Message.ShouldStartWith($"{file}:3:13: tls_server_config.key_file: the private key cannot be read or does not match the certificate of cert_file");
    }

    [Fact]
    public void Load_KeyFileWithoutAKey_IsAnError()
    {
        var file = Write($"tls_server_config:\n  cert_file: {server.Cert}\n  key_file: {server.Cert}\n");

        Should.Throw<WebConfigException>(() => WebConfigLoader.Load(file)).Message
            .ShouldStartWith($"{file}:3:13: tls_server_config.key_file: holds no PEM private key");
    }

    [Fact]
    public void Load_EncryptedKey_IsAnError()
    {
        var encrypted = directory.Combine("encrypted.key");
        TestPki.Openssl(directory.Path, "pkcs8", "-topk8", "-in", server.Key, "-out", encrypted, "-passout", "pass:secret");
        var file = Write($"tls_server_config:\n  cert_file: {server.Cert}\n  key_file: {encrypted}\n");

        Should.Throw<WebConfigException>(() => WebConfigLoader.Load(file)).Message
            .ShouldContain("tls_server_config.key_file: the private key is encrypted");
    }

    [Fact]
    public void Load_CertFileWithoutACertificate_IsAnError()
    {
        var file = Write($"tls_server_config:\n  cert_file: {server.Key}\n  key_file: {server.Key}\n");

        Should.Throw<WebConfigException>(() => WebConfigLoader.Load(file)).Message
            .ShouldStartWith($"{file}:2:14: tls_server_config.cert_file: holds no PEM certificate");
    }

    [Fact]
    public void Load_ClientCaFileWithoutACertificate_IsAnError()
    {
        var empty = directory.WriteFile("empty.pem", "");
        var file = Write($"tls_server_config:\n  cert_file: {server.Cert}\n  key_file: {server.Key}\n  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: {empty}\n");

        Should.Throw<WebConfigException>(() => WebConfigLoader.Load(file)).Message
            .ShouldStartWith($"{file}:5:19: tls_server_config.client_ca_file: holds no PEM certificate");
    }

    [Fact]
    public void Load_MissingFile_NamesIt()
    {
        var file = directory.Combine("absent.yml");

        Should.Throw<WebConfigException>(() => WebConfigLoader.Load(file)).Message
            .ShouldStartWith($"{file}: cannot read the web configuration file: ");
    }

    public void Dispose() => directory.Dispose();

    private static string Indent(string pem) => string.Concat(pem.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => $"    {l}\n"));

    private string Write(string yaml) => directory.WriteFile("web.yml", yaml);
}

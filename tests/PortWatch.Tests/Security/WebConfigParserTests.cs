using System.Net.Security;
using PortWatch.Security;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Security;

public sealed class WebConfigParserTests
{
    private const string File = "/etc/portwatch/web.yml";
    private const string Hash = "$2y$05$LcigZyyzkWzV4foCHFQeaOhxcde/0trIlKjLkL2SzSl1Fs6MD287a";

    [Fact]
    public void Parse_EveryField_IsRead()
    {
        var config = WebConfigParser.Parse(File, $"""
            tls_server_config:
              cert_file: server.crt
              key_file: /secrets/server.key
              client_ca_file: ../ca/clients.pem
              client_auth_type: RequireAndVerifyClientCert
              client_allowed_sans: [prometheus.example.org, 10.0.0.1]
              min_version: TLS13
              max_version: TLS13
              cipher_suites:
                - TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
                - TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
              prefer_server_cipher_suites: false
            http_server_config:
              http2: false
              headers:
                Strict-Transport-Security: max-age=31536000
                X-Content-Type-Options: nosniff
                X-Frame-Options: sameorigin
                X-XSS-Protection: 1; mode=block
                Content-Security-Policy: default-src 'self'
            basic_auth_users:
              prometheus: '{Hash}'
              grafana: "{Hash}"
            """);

        config.Tls.Enabled.ShouldBeTrue();
        config.Tls.CertFile.ShouldBe("/etc/portwatch/server.crt");
        config.Tls.KeyFile.ShouldBe("/secrets/server.key");
        config.Tls.ClientCaFile.ShouldBe("/etc/ca/clients.pem");
        config.Tls.ClientAuth.ShouldBe(ClientAuthType.RequireAndVerifyClientCert);
        config.Tls.ClientAllowedSans.ShouldBe(["prometheus.example.org", "10.0.0.1"]);
        config.Tls.MinVersion.ShouldBe(TlsVersion.Tls13);
        config.Tls.MaxVersion.ShouldBe(TlsVersion.Tls13);
        config.Tls.CipherSuites.ShouldBe([TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256]);
        config.Tls.PreferServerCipherSuites.ShouldBeFalse();
        config.Http.Http2.ShouldBeFalse();
        config.Http.Headers.Count.ShouldBe(5);
        config.Http.Headers["X-XSS-Protection"].ShouldBe("1; mode=block");
        config.Http.Headers["Content-Security-Policy"].ShouldBe("default-src 'self'");
        config.Users.Keys.Order().ShouldBe(["grafana", "prometheus"]);
        config.Users["prometheus"].ShouldBe(Hash);
        config.Positions["tls_server_config.key_file"].ShouldBe((3, 13));
    }

    [Fact]
    public void Parse_InlineCertificates_AreRead()
    {
        var config = WebConfigParser.Parse(File, """
            tls_server_config:
              cert: |
                -----BEGIN CERTIFICATE-----
              key: "-----BEGIN PRIVATE KEY-----"
              client_ca: "-----BEGIN CERTIFICATE-----"
              client_auth_type: VerifyClientCertIfGiven
            """);

        config.Tls.Cert.ShouldBe("-----BEGIN CERTIFICATE-----\n");
        config.Tls.Key.ShouldBe("-----BEGIN PRIVATE KEY-----");
        config.Tls.ClientCa.ShouldBe("-----BEGIN CERTIFICATE-----");
        config.Tls.ClientAuth.ShouldBe(ClientAuthType.VerifyClientCertIfGiven);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing\n")]
    [InlineData("tls_server_config:\nhttp_server_config:\nbasic_auth_users:\n")]
    public void Parse_EmptyFileOrSections_ArePlainHttpWithoutAuthAndTheDefaults(string yaml)
    {
        var config = WebConfigParser.Parse(File, yaml);

        config.Tls.Enabled.ShouldBeFalse();
        config.Tls.MinVersion.ShouldBe(TlsVersion.Tls12);
        config.Tls.MaxVersion.ShouldBe(TlsVersion.Tls13);
        config.Tls.ClientAuth.ShouldBe(ClientAuthType.NoClientCert);
        config.Tls.CipherSuites.ShouldBeEmpty();
        config.Tls.PreferServerCipherSuites.ShouldBeTrue();
        config.Http.Http2.ShouldBeTrue();
        config.Http.Headers.ShouldBeEmpty();
        config.Users.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("NoClientCert", "NoClientCert")]
    [InlineData("RequestClientCert", "RequestClientCert")]
    [InlineData("RequireAnyClientCert", "RequireAnyClientCert")]
    [InlineData("RequireClientCert", "RequireAnyClientCert")]
    [InlineData("VerifyClientCertIfGiven", "VerifyClientCertIfGiven")]
    [InlineData("RequireAndVerifyClientCert", "RequireAndVerifyClientCert")]
    public void Parse_ClientAuthType_IsEachOfGosNames(string name, string expected)
    {
        var type = Enum.Parse<ClientAuthType>(expected);
        var ca = type is ClientAuthType.NoClientCert or ClientAuthType.RequestClientCert or ClientAuthType.RequireAnyClientCert ? "" : "\n  client_ca_file: ca.pem";
        var config = WebConfigParser.Parse(File, $"tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n  client_auth_type: {name}{ca}\n");

        config.Tls.ClientAuth.ShouldBe(type);
    }

    [Theory]
    [InlineData("TLS10", 0)]
    [InlineData("TLS11", 1)]
    [InlineData("TLS12", 2)]
    [InlineData("TLS13", 3)]
    public void Parse_MinVersion_IsEachVersion(string name, int ordinal)
    {
        var version = (TlsVersion)ordinal;
        var config = WebConfigParser.Parse(File, $"tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n  min_version: {name}\n");

        config.Tls.MinVersion.ShouldBe(version);
        TlsNames.Name(version).ShouldBe(name);
    }

    [Fact]
    public void Parse_EveryCipherSuiteName_IsKnown()
    {
        foreach (var suite in TlsNames.CipherSuites)
        {
            var config = WebConfigParser.Parse(File, $"tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n  cipher_suites: [{suite}]\n");
            config.Tls.CipherSuites.ShouldBe([suite]);
        }
    }

    [Fact]
    public void Parse_EmptyHeaderValue_LeavesTheHeaderUnset()
    {
        var config = WebConfigParser.Parse(File, "http_server_config:\n  headers:\n    X-XSS-Protection: ''\n    Content-Security-Policy:\n");

        config.Http.Headers.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("tls_server_config: [a]\n", "1:20", "tls_server_config must be a mapping")]
    [InlineData("tls_server_config:\n  cert_file: [a, b]\n", "2:14", "tls_server_config.cert_file: must be a single value")]
    [InlineData("tls_server_config:\n  certfile: a.crt\n", "2:3", "unknown key \"certfile\" in \"tls_server_config\" (allowed: cert_file, key_file")]
    [InlineData("tls_server_config:\n  curve_preferences: [X25519]\n", "2:3", "tls_server_config.curve_preferences is not supported by portwatch")]
    [InlineData("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n  min_version: TLS14\n", "4:16", "tls_server_config.min_version: \"TLS14\" is not a TLS version (expected TLS10, TLS11, TLS12, TLS13)")]
    [InlineData("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n  max_version: tls13\n", "4:16", "tls_server_config.max_version: \"tls13\" is not a TLS version")]
    [InlineData("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n  min_version: TLS13\n  max_version: TLS12\n", "5:16", "tls_server_config.max_version: TLS12 is below min_version TLS13")]
    [InlineData("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n  client_auth_type: Mutual\n", "4:21", "tls_server_config.client_auth_type: \"Mutual\" is not a client auth type (expected NoClientCert, RequestClientCert, RequireAnyClientCert, VerifyClientCertIfGiven or RequireAndVerifyClientCert)")]
    [InlineData("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n  cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, ECDHE-RSA-AES128-GCM-SHA256]\n", "4:58", "tls_server_config.cipher_suites: \"ECDHE-RSA-AES128-GCM-SHA256\" is not a cipher suite portwatch knows (expected Go's names")]
    [InlineData("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n  cipher_suites: TLS_AES_128_GCM_SHA256\n", "4:18", "tls_server_config.cipher_suites: must be a list")]
    [InlineData("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n  cipher_suites: [[a]]\n", "4:19", "tls_server_config.cipher_suites: each item must be a plain, non-empty value")]
    [InlineData("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n  prefer_server_cipher_suites: yes\n", "4:32", "tls_server_config.prefer_server_cipher_suites: \"yes\" is not true or false")]
    [InlineData("tls_server_config:\n  key_file: a.key\n", "1:1", "tls_server_config: missing cert_file (or cert)")]
    [InlineData("tls_server_config:\n  min_version: TLS13\n", "1:1", "tls_server_config: missing cert_file (or cert)")]
    [InlineData("tls_server_config:\n  cert_file: a.crt\n", "1:1", "tls_server_config: missing key_file (or key)")]
    [InlineData("tls_server_config:\n  cert_file: a.crt\n  cert: x\n  key_file: a.key\n", "3:9", "tls_server_config.cert: give cert_file or cert, not both")]
    [InlineData("tls_server_config:\n  cert_file: a.crt\n  key: x\n  key_file: a.key\n", "3:8", "tls_server_config.key: give key_file or key, not both")]
    [InlineData("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n  client_ca: x\n  client_ca_file: ca.pem\n  client_auth_type: RequireAndVerifyClientCert\n", "4:14", "tls_server_config.client_ca: give client_ca_file or client_ca, not both")]
    [InlineData("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n  client_ca_file: ca.pem\n", "4:19", "tls_server_config.client_ca_file: a client CA is given but client_auth_type is NoClientCert")]
    [InlineData("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n  client_auth_type: RequireAndVerifyClientCert\n", "4:21", "tls_server_config.client_auth_type: RequireAndVerifyClientCert verifies client certificates against client_ca_file, which is missing")]
    [InlineData("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n  client_auth_type: VerifyClientCertIfGiven\n", "4:21", "VerifyClientCertIfGiven verifies client certificates against client_ca_file, which is missing")]
    [InlineData("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n  client_auth_type: RequestClientCert\n  client_allowed_sans: [a]\n", "5:24", "tls_server_config.client_allowed_sans: needs client_auth_type RequireAndVerifyClientCert (with client_ca_file): other types let a client connect without a certificate")]
    [InlineData("http_server_config:\n  http2: maybe\n", "2:10", "http_server_config.http2: \"maybe\" is not true or false")]
    [InlineData("http_server_config:\n  http3: true\n", "2:3", "unknown key \"http3\" in \"http_server_config\" (allowed: http2, headers)")]
    [InlineData("http_server_config:\n  headers:\n    X-Powered-By: portwatch\n", "3:5", "http_server_config.headers: the header \"X-Powered-By\" cannot be set (allowed: Strict-Transport-Security, X-Content-Type-Options, X-Frame-Options, X-XSS-Protection, Content-Security-Policy)")]
    [InlineData("http_server_config:\n  headers:\n    x-frame-options: deny\n", "3:5", "the header \"x-frame-options\" cannot be set")]
    [InlineData("http_server_config:\n  headers:\n    X-Frame-Options: allow\n", "3:22", "http_server_config.headers.X-Frame-Options: \"allow\" is not allowed (expected deny or sameorigin)")]
    [InlineData("http_server_config:\n  headers:\n    X-Content-Type-Options: sniff\n", "3:29", "http_server_config.headers.X-Content-Type-Options: \"sniff\" is not allowed (expected nosniff)")]
    [InlineData("http_server_config:\n  headers:\n    Content-Security-Policy: \"a\\r\\nSet-Cookie: x\"\n", "3:30", "http_server_config.headers.Content-Security-Policy: a header value must be printable ASCII, space to ~ (Kestrel sends no other, and a control character would split the response): U+000D at character 2")]
    [InlineData("http_server_config:\n  headers: [X-Frame-Options]\n", "2:12", "http_server_config.headers must be a mapping")]
    [InlineData("basic_auth_users:\n  prometheus: secret\n", "2:15", "basic_auth_users.prometheus: is not a bcrypt hash such as htpasswd -nBC 10 \"\" | tr -d ':\\n' prints")]
    [InlineData("basic_auth_users:\n  prometheus: $2y$10$LcigZyyzkWzV4foCHFQeaOhxcde/0trIlKjLkL2SzSl1Fs6MD287\n", "2:15", "basic_auth_users.prometheus: is not a bcrypt hash")]
    [InlineData("basic_auth_users:\n  prometheus: $2y$03$LcigZyyzkWzV4foCHFQeaOhxcde/0trIlKjLkL2SzSl1Fs6MD287a\n", "2:15", "basic_auth_users.prometheus: has cost 3; bcrypt's cost is 4 to 31")]
    [InlineData("basic_auth_users:\n  prometheus: $1$LcigZyyzkWzV4foCHFQeaOhxcde/0trIlKjLkL2SzSl1Fs6MD287aaaaa\n", "2:15", "is not a bcrypt hash")]
    [InlineData("basic_auth_users:\n  prometheus: [a]\n", "2:15", "basic_auth_users.prometheus: must be a single value")]
    [InlineData("basic_auth_users:\n  \"prom:etheus\": $2y$05$LcigZyyzkWzV4foCHFQeaOhxcde/0trIlKjLkL2SzSl1Fs6MD287a\n", "2:3", "basic_auth_users: \"prom:etheus\" cannot be a user name")]
    [InlineData("basic_auth_users: [prometheus]\n", "1:19", "basic_auth_users must be a mapping")]
    [InlineData("rate_limit:\n  interval: 1s\n", "1:1", "rate_limit is not supported by portwatch")]
    [InlineData("tls_config:\n  cert_file: a\n", "1:1", "unknown key \"tls_config\" (allowed: tls_server_config, http_server_config, basic_auth_users)")]
    [InlineData("[tls_server_config]\n", "1:1", "the web configuration file must be a mapping")]
    [InlineData("tls_server_config:\n  cert_file: [a\n", "3:1", "not valid YAML: While parsing a flow sequence")]
    [InlineData("basic_auth_users: {}\n---\nbasic_auth_users: {}\n", "3:1", "the file holds more than one YAML document")]
    [InlineData("? [a]\n: b\n", "1:3", "a key must be a plain string")]
    public void Parse_BadFile_NamesTheFileLineColumnAndField(string yaml, string at, string problem)
    {
        var error = Should.Throw<WebConfigException>(() => WebConfigParser.Parse(File, yaml));

        error.Message.ShouldStartWith($"{File}:{at}: ");
        error.Message.ShouldContain(problem);
    }

    [Fact]
    public void Parse_TheReadmesExample_IsAValidFile()
    {
        var readme = System.IO.File.ReadAllText(PortWatch.TestSupport.Repository.PathOf("README.md"));
        var section = readme[readme.IndexOf("## Securing the endpoint", StringComparison.Ordinal)..];
        var start = section.IndexOf("```yaml\n", StringComparison.Ordinal) + "```yaml\n".Length;
        var example = section[start..section.IndexOf("```", start, StringComparison.Ordinal)];

        var config = WebConfigParser.Parse(File, example);

        config.Tls.ClientAuth.ShouldBe(ClientAuthType.RequireAndVerifyClientCert);
        config.Users.Keys.ShouldBe(["prometheus"]);
        config.Http.Headers.Keys.Order().ShouldBe(["Strict-Transport-Security", "X-Content-Type-Options"]);
    }

    [Fact]
    public void Parse_HostileYaml_IsRefusedAtItsPlaceByTheConfigFilesLimits()
    {
        // Nesting that would overflow YamlDotNet's recursive document builder, an alias bomb, a huge value, a huge file.
        var deep = Should.Throw<WebConfigException>(() => WebConfigParser.Parse(File, new string('[', 200_000)));
        var bomb = Should.Throw<WebConfigException>(() => WebConfigParser.Parse(File, "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"));
        var huge = Should.Throw<WebConfigException>(() => WebConfigParser.Parse(File, "basic_auth_users:\n  u: " + new string('x', 70_000) + "\n"));
        var large = Should.Throw<WebConfigException>(() => WebConfigParser.Parse(File, "# " + new string('x', (1 << 20) + 10) + "\n"));

        deep.Message.ShouldBe($"{File}:1:33: nested deeper than 32 levels (the web configuration file's deepest is 3)");
        bomb.Message.ShouldStartWith($"{File}:2:8: aliases (*a) are not supported in the web configuration file");
        huge.Message.ShouldStartWith($"{File}:2:6: a value of 70,000 characters");
        large.Message.ShouldBe($"{File}:1:1048577: the file is larger than 1 MiB, the most a web configuration file may be");
    }

    [Fact]
    public void Parse_DuplicateKey_IsAnError()
    {
        var error = Should.Throw<WebConfigException>(() => WebConfigParser.Parse(File, "basic_auth_users:\n  a: x\n  a: y\n"));

        error.Message.ShouldStartWith($"{File}:");
        error.Message.ShouldContain("not valid YAML");
    }
}

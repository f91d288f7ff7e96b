using PortWatch.Security;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Security;

/// <summary>What the security review of issue 15 found the parser let through, refused at load with the file, line, column and field.</summary>
public sealed class WebConfigParserReviewTests
{
    private const string File = "/etc/portwatch/web.yml";

    [Theory]
    [InlineData("RequireAnyClientCert")]
    [InlineData("RequireClientCert")]
    public void Parse_AllowedSansWithoutVerification_IsRefused(string type)
    {
        var yaml = $"tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n  client_auth_type: {type}\n  client_allowed_sans: [prometheus.example.org]\n";

        var error = Should.Throw<WebConfigException>(() => WebConfigParser.Parse(File, yaml));

        error.Message.ShouldStartWith($"{File}:5:24: tls_server_config.client_allowed_sans: needs client_auth_type RequireAndVerifyClientCert");
    }

    [Theory]
    [InlineData("Content-Security-Policy: \"default-src 'self' caf\\u00e9.example\"", "3:30", "Content-Security-Policy")]
    [InlineData("Strict-Transport-Security: \"max-age=1\\u2028\"", "3:32", "Strict-Transport-Security")]
    [InlineData("X-XSS-Protection: \"1\\u00a0mode=block\"", "3:23", "X-XSS-Protection")]
    public void Parse_HeaderValueKestrelCannotSend_IsRefusedAtItsPosition(string header, string at, string name)
    {
        var error = Should.Throw<WebConfigException>(() => WebConfigParser.Parse(File, $"http_server_config:\n  headers:\n    {header}\n"));

        error.Message.ShouldStartWith($"{File}:{at}: http_server_config.headers.{name}: ");
        error.Message.ShouldContain("printable ASCII");
    }

    [Fact]
    public void Parse_NulInAPath_IsAnErrorAtItsPosition()
    {
        var error = Should.Throw<WebConfigException>(() => WebConfigParser.Parse(File, "tls_server_config:\n  cert_file: a.crt\n  key_file: \"a\\0.key\"\n"));

        error.Message.ShouldBe($"{File}:3:13: tls_server_config.key_file: a path cannot hold a NUL character");
    }
}

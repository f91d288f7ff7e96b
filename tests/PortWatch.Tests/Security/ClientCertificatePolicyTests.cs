using System.Security.Cryptography.X509Certificates;
using PortWatch.Security;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Security;

/// <summary>Each client_auth_type against no certificate, the CA's, another CA's and an expired one (all made by openssl), and client_allowed_sans.</summary>
public sealed class ClientCertificatePolicyTests : IDisposable
{
    private readonly TempDirectory directory = new();
    private readonly X509Certificate2Collection authorities;
    private readonly X509Certificate2 right;
    private readonly X509Certificate2 otherCa;
    private readonly X509Certificate2 expired;

    public ClientCertificatePolicyTests()
    {
        var pki = TestPki.Create(directory.Path, "ca");
        var other = TestPki.Create(directory.Path, "other");
        authorities = [X509CertificateLoader.LoadCertificateFromFile(pki.CaCert)];
        right = X509CertificateLoader.LoadCertificateFromFile(pki.IssueClient("prometheus", san: "prometheus.example.org").Cert);
        otherCa = X509CertificateLoader.LoadCertificateFromFile(other.IssueClient("intruder").Cert);
        expired = X509CertificateLoader.LoadCertificateFromFile(pki.IssueClient("old", expired: true).Cert);
    }

    public static TheoryData<string, string, bool> Cases => new()
    {
        { "RequestClientCert", "none", true },
        { "RequestClientCert", "other CA", true },
        { "RequireAnyClientCert", "none", false },
        { "RequireAnyClientCert", "other CA", true },
        { "RequireAnyClientCert", "expired", true },
        { "VerifyClientCertIfGiven", "none", true },
        { "VerifyClientCertIfGiven", "right", true },
        { "VerifyClientCertIfGiven", "other CA", false },
        { "VerifyClientCertIfGiven", "expired", false },
        { "RequireAndVerifyClientCert", "none", false },
        { "RequireAndVerifyClientCert", "right", true },
        { "RequireAndVerifyClientCert", "other CA", false },
        { "RequireAndVerifyClientCert", "expired", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Problem_ClientCertificate_IsAcceptedAsTheTypeSays(string type, string certificate, bool accepted)
    {
        var policy = new ClientCertificatePolicy(Enum.Parse<ClientAuthType>(type), authorities, []);

        var problem = policy.Problem(Certificate(certificate), null);

        (problem is null).ShouldBe(accepted, problem);
        policy.Requests.ShouldBeTrue();
    }

    [Fact]
    public void Problem_ExpiredOrOtherCa_SaysWhy()
    {
        var policy = new ClientCertificatePolicy(ClientAuthType.RequireAndVerifyClientCert, authorities, []);

        policy.Problem(expired, null).ShouldNotBeNull().ShouldContain("NotTimeValid");
        policy.Problem(otherCa, null).ShouldNotBeNull().ShouldContain("CN=intruder does not verify against client_ca_file");
        policy.Problem(null, null).ShouldBe("no client certificate (client_auth_type RequireAndVerifyClientCert)");
    }

    [Fact]
    public void Problem_AllowedSans_MustMatchOneOfTheCertificates()
    {
        new ClientCertificatePolicy(ClientAuthType.RequireAndVerifyClientCert, authorities, ["prometheus.example.org"]).Problem(right, null).ShouldBeNull();
        new ClientCertificatePolicy(ClientAuthType.RequireAndVerifyClientCert, authorities, ["grafana.example.org"]).Problem(right, null)
            .ShouldBe("client certificate CN=prometheus has none of client_allowed_sans (it has: prometheus.example.org)");
        SubjectAltNames.Of(right).ShouldBe(["prometheus.example.org"]);
    }

    [Fact]
    public void NoClientCert_DoesNotAsk()
    {
        new ClientCertificatePolicy(ClientAuthType.NoClientCert, [], []).Requests.ShouldBeFalse();
    }

    public void Dispose() => directory.Dispose();

    private X509Certificate2? Certificate(string name) => name switch
    {
        "none" => null,
        "right" => right,
        "other CA" => otherCa,
        _ => expired,
    };
}

using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using PortWatch.TestSupport;

namespace PortWatch.IntegrationTests.Security;

/// <summary>
/// The certificates of the web configuration tests, made once by openssl: a CA with a server certificate and a
/// client certificate, a client certificate from another CA, an expired one from the right CA; and htpasswd's
/// hash of the scrape password.
/// </summary>
public sealed class WebPki : IDisposable
{
    public const string User = "prometheus";
    public const string Password = "s3cret-Passw0rd";

    public WebPki()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("portwatch-webconfig-").FullName;
        Ca = TestPki.Create(Directory, "ca");
        Server = Ca.IssueServer("server");
        Client = Ca.IssueClient("client", san: "prometheus.example.org");
        Expired = Ca.IssueClient("expired", expired: true);
        Other = TestPki.Create(Directory, "other-ca").IssueClient("intruder");
        Hash = Htpasswd.Hash(Password);
    }

    public string Directory { get; }

    internal TestPki Ca { get; }

    public (string Cert, string Key) Server { get; }

    public (string Cert, string Key) Client { get; }

    public (string Cert, string Key) Expired { get; }

    public (string Cert, string Key) Other { get; }

    public string Hash { get; }

    /// <summary>A handler that trusts the test CA only, presents <paramref name="client"/> when given, and tells <paramref name="seen"/> the server's certificate.</summary>
    public SocketsHttpHandler Handler((string Cert, string Key)? client = null, Action<X509Certificate2>? seen = null)
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(Ca.CaCert);
        var options = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                if (certificate is not X509Certificate2 server)
                {
                    return false;
                }

                seen?.Invoke(server);
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(server);
            },
        };
        if (client is { } pair)
        {
            options.ClientCertificates = [X509Certificate2.CreateFromPemFile(pair.Cert, pair.Key)];
        }

        return new SocketsHttpHandler { SslOptions = options, PooledConnectionLifetime = TimeSpan.FromMinutes(1) };
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PortWatch.Security;

/// <summary>
/// What a TLS handshake needs from a file's <c>tls_server_config</c>, read and checked once: the server's
/// certificate with its key and intermediates, the client CAs, the versions and suites. Each new connection gets
/// options of its own from it (<see cref="ServerOptions"/>), so that a reloaded file applies from the next one.
/// </summary>
internal sealed class TlsMaterial
{
    private readonly SslStreamCertificateContext context;
    private readonly SslProtocols protocols;
    private readonly CipherSuitesPolicy? cipherSuites;
    private readonly ClientCertificatePolicy clients;

    private TlsMaterial(X509Certificate2 certificate, SslStreamCertificateContext context, SslProtocols protocols, CipherSuitesPolicy? cipherSuites, ClientCertificatePolicy clients)
    {
        Certificate = certificate;
        this.context = context;
        this.protocols = protocols;
        this.cipherSuites = cipherSuites;
        this.clients = clients;
    }

    /// <summary>The server's certificate.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Reads the certificate, key and client CA of <paramref name="config"/>; a problem is a <see cref="WebConfigException"/> naming the field.</summary>
    /// <param name="identities">Given each file read, with its identity taken before reading it.</param>
    public static TlsMaterial Load(WebConfig config, List<(string Path, FileIdentity Identity)> identities)
    {
        ArgumentNullException.ThrowIfNull(config);
        try
        {
            return Read(config, identities);
        }
        catch (Exception e) when (e is not (WebConfigException or OutOfMemoryException))
        {
            // What the checks below did not foresee is still an error that names the section.
            throw config.ErrorAt(WebConfigParser.TlsSection, $"cannot be loaded: {e.GetType().Name}: {e.Message}", e);
        }
    }

    private static TlsMaterial Read(WebConfig config, List<(string Path, FileIdentity Identity)> identities)
    {
        var tls = config.Tls;
        var (certField, certPem) = tls.CertFile.Length > 0 ? ("cert_file", Read(config, "cert_file", tls.CertFile, identities)) : ("cert", tls.Cert);
        var (keyField, keyPem) = tls.KeyFile.Length > 0 ? ("key_file", Read(config, "key_file", tls.KeyFile, identities)) : ("key", tls.Key);

        var chain = Certificates(config, certField, certPem);
        if (keyPem.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw config.ErrorAt($"{WebConfigParser.TlsSection}.{keyField}", "the private key is encrypted; give it unencrypted (readable by the exporter's user only)");
        }

        if (!keyPem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw config.ErrorAt($"{WebConfigParser.TlsSection}.{keyField}", "holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(certPem, keyPem);
        }
        catch (CryptographicException e)
        {
            throw config.ErrorAt($"{WebConfigParser.TlsSection}.{keyField}", $"the private key cannot be read or does not match the certificate of {certField}: {e.Message}", e);
        }

        var authorities = new X509Certificate2Collection();
        if (tls.ClientCaFile.Length > 0)
        {
            authorities = Certificates(config, "client_ca_file", Read(config, "client_ca_file", tls.ClientCaFile, identities));
        }
        else if (tls.ClientCa.Length > 0)
        {
            authorities = Certificates(config, "client_ca", tls.ClientCa);
        }

        var intermediates = new X509Certificate2Collection();
        foreach (var extra in chain.Skip(1))
        {
            intermediates.Add(extra);
        }

        // The client CAs are named in the handshake's certificate request, as Go does, so that a client holding
        // several certificates picks the right one.
        var trust = authorities.Count > 0 ? SslCertificateTrust.CreateForX509Collection(authorities, sendTrustInHandshake: true) : null;
        var context = SslStreamCertificateContext.Create(certificate, intermediates, offline: true, trust);
        CipherSuitesPolicy? suites = null;
        if (tls.CipherSuites.Count > 0)
        {
            suites = OperatingSystem.IsWindows()
                ? throw config.ErrorAt($"{WebConfigParser.TlsSection}.cipher_suites", "cannot be chosen on Windows")
                : new CipherSuitesPolicy([.. tls.CipherSuites.Union(TlsNames.Tls13Suites)]);
        }

        var clients = new ClientCertificatePolicy(tls.ClientAuth, authorities, tls.ClientAllowedSans);
        return new TlsMaterial(certificate, context, TlsNames.Protocols(tls.MinVersion, tls.MaxVersion), suites, clients);
    }

    /// <summary>The options of one connection's handshake.</summary>
    /// <param name="rejected">Told why the client's certificate was refused, if it is.</param>
    public SslServerAuthenticationOptions ServerOptions(Action<string> rejected) => new()
    {
        ServerCertificateContext = context,
        EnabledSslProtocols = protocols,
        CipherSuitesPolicy = cipherSuites,
        ClientCertificateRequired = clients.Requests,
        RemoteCertificateValidationCallback = clients.Requests ? (_, certificate, chain, _) => clients.Accepts(certificate, chain, rejected) : null,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        AllowRenegotiation = false,
    };

    private static string Read(WebConfig config, string field, string path, List<(string Path, FileIdentity Identity)> identities)
    {
        identities.Add((path, FileIdentity.Of(path)));
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw config.ErrorAt($"{WebConfigParser.TlsSection}.{field}", $"cannot read {path}: {e.Message}", e);
        }
    }

    private static X509Certificate2Collection Certificates(WebConfig config, string field, string pem)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw config.ErrorAt($"{WebConfigParser.TlsSection}.{field}", $"holds a PEM certificate that cannot be read: {e.Message}", e);
        }

        return certificates.Count > 0
            ? certificates
            : throw config.ErrorAt($"{WebConfigParser.TlsSection}.{field}", "holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
}

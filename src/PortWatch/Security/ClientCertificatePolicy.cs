using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PortWatch.Security;

/// <summary>
/// What a TLS handshake does with the client's certificate, by <c>client_auth_type</c>: ask for one or not,
/// require one or not, and verify it against <c>client_ca_file</c> alone (custom root trust: the system's roots
/// are not trusted for clients, so a certificate from another CA fails, and so does an expired one) for the client
/// authentication purpose, then match <c>client_allowed_sans</c> when given.
/// </summary>
internal sealed class ClientCertificatePolicy(ClientAuthType type, X509Certificate2Collection authorities, IReadOnlyList<string> allowedSans)
{
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <summary>Whether the server asks the client for a certificate.</summary>
    public bool Requests => type != ClientAuthType.NoClientCert;

    /// <summary>SslStream's callback: true to accept the client's certificate (or its absence); else tells <paramref name="rejected"/> why not.</summary>
    public bool Accepts(X509Certificate? certificate, X509Chain? chain, Action<string> rejected)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        if (Problem(certificate, chain) is { } problem)
        {
            rejected(problem);
            return false;
        }

        return true;
    }

    /// <summary>Why the certificate (or its absence) is refused; null when it is accepted.</summary>
    public string? Problem(X509Certificate? certificate, X509Chain? presented)
    {
        if (certificate is null)
        {
            return type is ClientAuthType.RequireAnyClientCert or ClientAuthType.RequireAndVerifyClientCert
                ? $"no client certificate (client_auth_type {type})"
                : null;
        }

        if (type == ClientAuthType.RequestClientCert)
        {
            return null;
        }

        var client = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (type is ClientAuthType.VerifyClientCertIfGiven or ClientAuthType.RequireAndVerifyClientCert && Verify(client, presented) is { } failure)
        {
            return $"client certificate {client.Subject} does not verify against client_ca_file: {failure}";
        }

        if (allowedSans.Count > 0)
        {
            var names = SubjectAltNames.Of(client);
            if (!names.Any(n => allowedSans.Contains(n, StringComparer.Ordinal)))
            {
                return $"client certificate {client.Subject} has none of client_allowed_sans (it has: {(names.Count == 0 ? "none" : string.Join(", ", names))})";
            }
        }

        return null;
    }

    private string? Verify(X509Certificate2 client, X509Chain? presented)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ClientAuthentication));
        chain.ChainPolicy.DisableCertificateDownloads = true;
        if (presented is not null)
        {
            // The intermediates the client sent, which SslStream keeps beside the chain it built.
            chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
        }

        try
        {
            if (chain.Build(client))
            {
                return null;
            }

            var statuses = chain.ChainStatus.Select(s => s.Status).Where(s => s != X509ChainStatusFlags.NoError).Distinct();
            return string.Join(", ", statuses.DefaultIfEmpty(X509ChainStatusFlags.PartialChain));
        }
        catch (CryptographicException e)
        {
            return e.Message;
        }
    }
}

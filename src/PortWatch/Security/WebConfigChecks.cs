namespace PortWatch.Security;

/// <summary>The checks of a parsed web configuration file that take its fields together: what is missing, what contradicts what.</summary>
internal static class WebConfigChecks
{
    /// <summary>Checks the fields together: what is missing, what contradicts what.</summary>
    public static void Check(WebConfig config)
    {
        var tls = config.Tls;
        if (!tls.Enabled)
        {
            return;
        }

        if (tls.CertFile.Length > 0 && tls.Cert.Length > 0)
        {
            throw config.ErrorAt($"{WebConfigParser.TlsSection}.cert", "give cert_file or cert, not both");
        }

        if (tls.KeyFile.Length > 0 && tls.Key.Length > 0)
        {
            throw config.ErrorAt($"{WebConfigParser.TlsSection}.key", "give key_file or key, not both");
        }

        if (tls.ClientCaFile.Length > 0 && tls.ClientCa.Length > 0)
        {
            throw config.ErrorAt($"{WebConfigParser.TlsSection}.client_ca", "give client_ca_file or client_ca, not both");
        }

        if (tls.CertFile.Length == 0 && tls.Cert.Length == 0)
        {
            throw config.ErrorAt(WebConfigParser.TlsSection, "missing cert_file (or cert): TLS needs the server's certificate");
        }

        if (tls.KeyFile.Length == 0 && tls.Key.Length == 0)
        {
            throw config.ErrorAt(WebConfigParser.TlsSection, "missing key_file (or key): TLS needs the server's private key");
        }

        if (tls.MinVersion > tls.MaxVersion)
        {
            throw config.ErrorAt($"{WebConfigParser.TlsSection}.max_version", $"{TlsNames.Name(tls.MaxVersion)} is below min_version {TlsNames.Name(tls.MinVersion)}");
        }

        var hasCa = tls.ClientCaFile.Length > 0 || tls.ClientCa.Length > 0;
        if (hasCa && tls.ClientAuth == ClientAuthType.NoClientCert)
        {
            throw config.ErrorAt($"{WebConfigParser.TlsSection}.client_ca_file", "a client CA is given but client_auth_type is NoClientCert: set client_auth_type to RequireAndVerifyClientCert for mutual TLS");
        }

        if (!hasCa && tls.ClientAuth is ClientAuthType.VerifyClientCertIfGiven or ClientAuthType.RequireAndVerifyClientCert)
        {
            throw config.ErrorAt($"{WebConfigParser.TlsSection}.client_auth_type", $"{tls.ClientAuth} verifies client certificates against client_ca_file, which is missing");
        }

        // RequireAnyClientCert takes any certificate without verifying it: its names are whatever the client wrote
        // into a certificate it made itself, so an allow list on them would protect nothing while looking as if it
        // did. exporter-toolkit accepts that file; PortWatch refuses it (docs/security.md, "Review findings").
        if (tls.ClientAllowedSans.Count > 0 && tls.ClientAuth != ClientAuthType.RequireAndVerifyClientCert)
        {
            throw config.ErrorAt($"{WebConfigParser.TlsSection}.client_allowed_sans", tls.ClientAuth == ClientAuthType.RequireAnyClientCert
                ? "needs client_auth_type RequireAndVerifyClientCert (with client_ca_file): RequireAnyClientCert does not verify the certificate, so a client can make itself one that carries any name"
                : "needs client_auth_type RequireAndVerifyClientCert (with client_ca_file): other types let a client connect without a certificate to match");
        }
    }
}

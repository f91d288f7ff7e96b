namespace PortWatch.Security;

/// <summary>
/// Whether the server asks for a client certificate and what it does with one, as Go's <c>tls.ClientAuthType</c>
/// (the names of exporter-toolkit's <c>client_auth_type</c>).
/// </summary>
internal enum ClientAuthType
{
    /// <summary>No client certificate is asked for.</summary>
    NoClientCert,

    /// <summary>One is asked for; none, or any, is accepted.</summary>
    RequestClientCert,

    /// <summary>One must be sent; it is not verified.</summary>
    RequireAnyClientCert,

    /// <summary>None is accepted; one that is sent must verify against the client CA.</summary>
    VerifyClientCertIfGiven,

    /// <summary>One must be sent and verify against the client CA: mutual TLS.</summary>
    RequireAndVerifyClientCert,
}

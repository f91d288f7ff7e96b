using System.Net.Security;

namespace PortWatch.Security;

/// <summary>
/// <c>tls_server_config</c> of a web configuration file, as written (paths already resolved against the file's
/// directory). The initial values are the defaults.
/// </summary>
internal sealed class TlsServerConfig
{
    /// <summary>The server's certificate (PEM; it may be followed by its intermediates).</summary>
    public string CertFile { get; set; } = "";

    /// <summary>The server's private key (PEM).</summary>
    public string KeyFile { get; set; } = "";

    /// <summary>The server's certificate inline (PEM), instead of <see cref="CertFile"/>.</summary>
    public string Cert { get; set; } = "";

    /// <summary>The server's private key inline (PEM), instead of <see cref="KeyFile"/>.</summary>
    public string Key { get; set; } = "";

    /// <summary>The CA certificates that client certificates are verified against (PEM), the only roots trusted for them.</summary>
    public string ClientCaFile { get; set; } = "";

    /// <summary>The client CA inline (PEM), instead of <see cref="ClientCaFile"/>.</summary>
    public string ClientCa { get; set; } = "";

    public ClientAuthType ClientAuth { get; set; } = ClientAuthType.NoClientCert;

    /// <summary>When not empty, a client certificate must carry one of these subject alternative names (DNS, IP, e-mail or URI).</summary>
    public IReadOnlyList<string> ClientAllowedSans { get; set; } = [];

    public TlsVersion MinVersion { get; set; } = TlsVersion.Tls12;

    public TlsVersion MaxVersion { get; set; } = TlsVersion.Tls13;

    /// <summary>The cipher suites allowed below TLS 1.3 (TLS 1.3's own are always allowed, as in Go); empty for the system's defaults.</summary>
    public IReadOnlyList<TlsCipherSuite> CipherSuites { get; set; } = [];

    /// <summary>Accepted for compatibility; OpenSSL, through .NET, picks the suite (Go ignores it too since 1.18).</summary>
    public bool PreferServerCipherSuites { get; set; } = true;

    /// <summary>Whether the section sets any key: TLS is then on, and the section must be complete.</summary>
    public bool Enabled { get; set; }
}

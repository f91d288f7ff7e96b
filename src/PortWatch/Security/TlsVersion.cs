namespace PortWatch.Security;

/// <summary>A TLS protocol version, by exporter-toolkit's names (<c>TLS10</c> ... <c>TLS13</c>), in order.</summary>
internal enum TlsVersion
{
    Tls10,
    Tls11,
    Tls12,
    Tls13,
}

using System.Net.Security;
using System.Security.Authentication;

namespace PortWatch.Security;

/// <summary>The names exporter-toolkit's files use for TLS versions and cipher suites, and what they are in .NET.</summary>
internal static class TlsNames
{
    /// <summary>The versions, by <c>min_version</c> and <c>max_version</c> name.</summary>
    public static IReadOnlyList<(string Name, TlsVersion Version)> Versions { get; } =
    [
        ("TLS10", TlsVersion.Tls10),
        ("TLS11", TlsVersion.Tls11),
        ("TLS12", TlsVersion.Tls12),
        ("TLS13", TlsVersion.Tls13),
    ];

    /// <summary>TLS 1.3's suites: not chosen by <c>cipher_suites</c> (as in Go), so always allowed.</summary>
    public static IReadOnlyList<TlsCipherSuite> Tls13Suites { get; } =
    [
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
    ];

    /// <summary>
    /// The suites a file may name: those Go's <c>tls.CipherSuites()</c> lists (its IANA names, which .NET's
    /// <see cref="TlsCipherSuite"/> shares), and the four RSA key-exchange suites older Go versions listed there too.
    /// </summary>
    public static IReadOnlyList<TlsCipherSuite> CipherSuites { get; } =
    [
        .. Tls13Suites,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA,
        TlsCipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA,
        TlsCipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_RSA_WITH_AES_256_GCM_SHA384,
    ];

    public static bool TryParseVersion(string name, out TlsVersion version)
    {
        foreach (var (known, value) in Versions)
        {
            if (known == name)
            {
                version = value;
                return true;
            }
        }

        version = default;
        return false;
    }

    public static string Name(TlsVersion version) => Versions.First(v => v.Version == version).Name;

    public static bool TryParseCipherSuite(string name, out TlsCipherSuite suite)
    {
        foreach (var known in CipherSuites)
        {
            if (known.ToString() == name)
            {
                suite = known;
                return true;
            }
        }

        suite = default;
        return false;
    }

    /// <summary>The versions from <paramref name="min"/> to <paramref name="max"/>, as SslStream takes them.</summary>
    public static SslProtocols Protocols(TlsVersion min, TlsVersion max)
    {
        var protocols = SslProtocols.None;
        for (var version = min; version <= max; version++)
        {
            protocols |= version switch
            {
                // TLS 1.0 and 1.1 are obsolete, and offered only when a file asks for them by min_version.
#pragma warning disable SYSLIB0039, CA5397
                TlsVersion.Tls10 => SslProtocols.Tls,
                TlsVersion.Tls11 => SslProtocols.Tls11,
#pragma warning restore SYSLIB0039, CA5397
                TlsVersion.Tls12 => SslProtocols.Tls12,
                _ => SslProtocols.Tls13,
            };
        }

        return protocols;
    }
}

using YamlDotNet.RepresentationModel;

namespace PortWatch.Security;

/// <summary>The values of a web configuration file that are more than a string: client auth types, TLS versions, cipher suites, booleans.</summary>
internal static class WebConfigValues
{
    public static ClientAuthType ClientAuth(WebConfigContext context, YamlNode node, string field)
    {
        var text = context.Scalar(node, field);
        return text switch
        {
            "" or "NoClientCert" => ClientAuthType.NoClientCert,
            "RequestClientCert" => ClientAuthType.RequestClientCert,
            // RequireClientCert is exporter-toolkit's older name, still accepted there.
            "RequireAnyClientCert" or "RequireClientCert" => ClientAuthType.RequireAnyClientCert,
            "VerifyClientCertIfGiven" => ClientAuthType.VerifyClientCertIfGiven,
            "RequireAndVerifyClientCert" => ClientAuthType.RequireAndVerifyClientCert,
            _ => throw context.At(node, $"{field}: \"{text}\" is not a client auth type (expected NoClientCert, RequestClientCert, RequireAnyClientCert, VerifyClientCertIfGiven or RequireAndVerifyClientCert)"),
        };
    }

    public static TlsVersion Version(WebConfigContext context, YamlNode node, string field)
    {
        var text = context.Scalar(node, field);
        return TlsNames.TryParseVersion(text, out var version)
            ? version
            : throw context.At(node, $"{field}: \"{text}\" is not a TLS version (expected {string.Join(", ", TlsNames.Versions.Select(v => v.Name))})");
    }

    public static List<System.Net.Security.TlsCipherSuite> CipherSuites(WebConfigContext context, YamlNode node, string field)
    {
        var suites = new List<System.Net.Security.TlsCipherSuite>();
        foreach (var (name, at) in context.ListWithNodes(node, field))
        {
            if (!TlsNames.TryParseCipherSuite(name, out var suite))
            {
                throw context.At(at, $"{field}: \"{name}\" is not a cipher suite portwatch knows (expected Go's names, such as TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256; all: {string.Join(", ", TlsNames.CipherSuites)})");
            }

            if (!suites.Contains(suite))
            {
                suites.Add(suite);
            }
        }

        return suites;
    }

    public static bool Boolean(WebConfigContext context, YamlNode node, string field)
    {
        var text = context.Scalar(node, field);
        return text switch
        {
            "true" => true,
            "false" => false,
            _ => throw context.At(node, $"{field}: \"{text}\" is not true or false"),
        };
    }
}

using PortWatch.Yaml;
using YamlDotNet.RepresentationModel;

namespace PortWatch.Security;

/// <summary>The <c>tls_server_config</c> section of a web configuration file (<see cref="WebConfigParser"/>), in exporter-toolkit's keys.</summary>
internal static class WebConfigTlsSection
{
    private static readonly string[] Keys =
    [
        "cert_file", "key_file", "cert", "key", "client_ca_file", "client_ca", "client_auth_type", "client_allowed_sans",
        "min_version", "max_version", "cipher_suites", "prefer_server_cipher_suites",
    ];

    public static void Parse(WebConfigContext context, YamlNode node, TlsServerConfig tls)
    {
        if (YamlReader.IsNull(node))
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(context.File)) ?? "/";
        foreach (var (keyNode, value) in context.Mapping(node, WebConfigParser.TlsSection).Children)
        {
            var key = context.Key(keyNode);
            var field = $"{WebConfigParser.TlsSection}.{key}";
            if (key == "curve_preferences")
            {
                throw context.At(keyNode, $"{field} is not supported by portwatch: OpenSSL, through .NET, chooses the curves");
            }

            if (!Keys.Contains(key))
            {
                throw context.At(keyNode, $"unknown key \"{key}\" in \"{WebConfigParser.TlsSection}\" (allowed: {string.Join(", ", Keys)})");
            }

            context.Note(field, value);
            switch (key)
            {
                case "cert_file":
                    tls.CertFile = context.FilePath(value, field, directory);
                    break;
                case "key_file":
                    tls.KeyFile = context.FilePath(value, field, directory);
                    break;
                case "client_ca_file":
                    tls.ClientCaFile = context.FilePath(value, field, directory);
                    break;
                case "cert":
                    tls.Cert = context.Scalar(value, field);
                    break;
                case "key":
                    tls.Key = context.Scalar(value, field);
                    break;
                case "client_ca":
                    tls.ClientCa = context.Scalar(value, field);
                    break;
                case "client_auth_type":
                    tls.ClientAuth = WebConfigValues.ClientAuth(context, value, field);
                    break;
                case "client_allowed_sans":
                    tls.ClientAllowedSans = context.List(value, field);
                    break;
                case "min_version":
                    tls.MinVersion = WebConfigValues.Version(context, value, field);
                    break;
                case "max_version":
                    tls.MaxVersion = WebConfigValues.Version(context, value, field);
                    break;
                case "cipher_suites":
                    tls.CipherSuites = WebConfigValues.CipherSuites(context, value, field);
                    break;
                default:
                    tls.PreferServerCipherSuites = WebConfigValues.Boolean(context, value, field);
                    break;
            }
        }

        // Any key asks for TLS: a section that sets, say, only min_version is a mistake to report, not plain HTTP.
        tls.Enabled = context.Positions.Keys.Any(k => k.StartsWith(WebConfigParser.TlsSection + ".", StringComparison.Ordinal));
    }
}

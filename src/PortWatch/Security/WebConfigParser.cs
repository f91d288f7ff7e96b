using PortWatch.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PortWatch.Security;

/// <summary>
/// Reads a web configuration file in exporter-toolkit's format (<c>--web.config.file</c>): what node_exporter
/// users already write. Strict, as the exporter's own config file: an unknown key, a wrong shape or a bad value is
/// an error naming the file, line, column and field. Relative paths are taken from the file's directory, as
/// exporter-toolkit does. Files it names are read later (<see cref="WebConfigLoader"/>).
/// </summary>
internal static class WebConfigParser
{
    private const string Kind = "web configuration file";

    public const string TlsSection = "tls_server_config";
    public const string HttpSection = "http_server_config";
    public const string UsersSection = "basic_auth_users";

    /// <summary>The headers exporter-toolkit lets a file set, with the values it accepts (none listed: any).</summary>
    public static IReadOnlyDictionary<string, string[]> AllowedHeaders { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Strict-Transport-Security"] = [],
        ["X-Content-Type-Options"] = ["nosniff"],
        ["X-Frame-Options"] = ["deny", "sameorigin"],
        ["X-XSS-Protection"] = [],
        ["Content-Security-Policy"] = [],
    };

    private static readonly string[] Sections = [TlsSection, HttpSection, UsersSection];

    private static readonly string[] TlsKeys =
    [
        "cert_file", "key_file", "cert", "key", "client_ca_file", "client_ca", "client_auth_type", "client_allowed_sans",
        "min_version", "max_version", "cipher_suites", "prefer_server_cipher_suites",
    ];

    /// <summary>Keys of exporter-toolkit's format that PortWatch refuses, and why (rather than ignore what a file asks).</summary>
    private static readonly Dictionary<string, string> Unsupported = new(StringComparer.Ordinal)
    {
        ["rate_limit"] = "is not supported by portwatch (scrapes are cheap: each serves the last scan)",
        [$"{TlsSection}.curve_preferences"] = "is not supported by portwatch: OpenSSL, through .NET, chooses the curves",
    };

    public static WebConfig Parse(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        var context = new Context(path);
        var tls = new TlsServerConfig();
        var http = new HttpServerConfig();
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        if (YamlLimits.Size(text, Kind) is { } tooLarge)
        {
            throw WebConfigException.At(path, tooLarge.Start.Line, tooLarge.Start.Column, tooLarge.Problem);
        }

        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(text));
        try
        {
            // The limits first, on the events alone: YamlDotNet builds a document recursively.
            if (YamlLimits.Check(new Parser(new Scanner(new StringReader(text))), Kind, YamlLimits.MaxInlinePemLength) is { } broken)
            {
                throw WebConfigException.At(path, broken.Start.Line, broken.Start.Column, broken.Problem);
            }

            stream.Load(new Parser(scanner));
        }
        catch (YamlException e)
        {
            throw WebConfigException.At(path, e.Start.Line, e.Start.Column, $"not valid YAML: {Reason(e)}", e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet throws this, not a YamlException, on some malformed input (aaubry/YamlDotNet#541).
            var at = scanner.CurrentPosition;
            throw WebConfigException.At(path, at.Line, at.Column, "not valid YAML: cannot parse past this point (is a [ or { left open?)", e);
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode;
            throw context.At(second, "the file holds more than one YAML document");
        }

        if (stream.Documents.Count == 1 && !IsNull(stream.Documents[0].RootNode))
        {
            foreach (var (keyNode, value) in context.Mapping(stream.Documents[0].RootNode, "the web configuration file").Children)
            {
                var section = context.Key(keyNode);
                context.Note(section, keyNode);
                if (Unsupported.TryGetValue(section, out var why))
                {
                    throw context.At(keyNode, $"{section} {why}");
                }

                switch (section)
                {
                    case TlsSection:
                        ParseTls(context, value, tls);
                        break;
                    case HttpSection:
                        ParseHttp(context, value, http);
                        break;
                    case UsersSection:
                        ParseUsers(context, value, users);
                        break;
                    default:
                        throw context.At(keyNode, $"unknown key \"{section}\" (allowed: {string.Join(", ", Sections)})");
                }
            }
        }

        var config = new WebConfig(path, tls, http, users, context.Positions);
        Check(config);
        return config;
    }

    private static void ParseTls(Context context, YamlNode node, TlsServerConfig tls)
    {
        if (IsNull(node))
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(context.File)) ?? "/";
        foreach (var (keyNode, value) in context.Mapping(node, TlsSection).Children)
        {
            var key = context.Key(keyNode);
            var field = $"{TlsSection}.{key}";
            if (Unsupported.TryGetValue(field, out var why))
            {
                throw context.At(keyNode, $"{field} {why}");
            }

            if (!TlsKeys.Contains(key))
            {
                throw context.At(keyNode, $"unknown key \"{key}\" in \"{TlsSection}\" (allowed: {string.Join(", ", TlsKeys)})");
            }

            context.Note(field, value);
            switch (key)
            {
                case "cert_file":
                    tls.CertFile = FilePath(directory, context.Scalar(value, field));
                    break;
                case "key_file":
                    tls.KeyFile = FilePath(directory, context.Scalar(value, field));
                    break;
                case "client_ca_file":
                    tls.ClientCaFile = FilePath(directory, context.Scalar(value, field));
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
                    tls.ClientAuth = ClientAuth(context, value, field);
                    break;
                case "client_allowed_sans":
                    tls.ClientAllowedSans = context.List(value, field);
                    break;
                case "min_version":
                    tls.MinVersion = Version(context, value, field);
                    break;
                case "max_version":
                    tls.MaxVersion = Version(context, value, field);
                    break;
                case "cipher_suites":
                    tls.CipherSuites = CipherSuites(context, value, field);
                    break;
                default:
                    tls.PreferServerCipherSuites = Boolean(context, value, field);
                    break;
            }
        }

        // Any key asks for TLS: a section that sets, say, only min_version is a mistake to report, not plain HTTP.
        tls.Enabled = context.Positions.Keys.Any(k => k.StartsWith(TlsSection + ".", StringComparison.Ordinal));
    }

    private static void ParseHttp(Context context, YamlNode node, HttpServerConfig http)
    {
        if (IsNull(node))
        {
            return;
        }

        foreach (var (keyNode, value) in context.Mapping(node, HttpSection).Children)
        {
            var key = context.Key(keyNode);
            var field = $"{HttpSection}.{key}";
            context.Note(field, value);
            switch (key)
            {
                case "http2":
                    http.Http2 = Boolean(context, value, field);
                    break;
                case "headers":
                    http.Headers = Headers(context, value, field);
                    break;
                default:
                    throw context.At(keyNode, $"unknown key \"{key}\" in \"{HttpSection}\" (allowed: http2, headers)");
            }
        }
    }

    private static Dictionary<string, string> Headers(Context context, YamlNode node, string field)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (IsNull(node))
        {
            return headers;
        }

        foreach (var (keyNode, value) in context.Mapping(node, field).Children)
        {
            var name = context.Key(keyNode);
            if (!AllowedHeaders.TryGetValue(name, out var allowed))
            {
                throw context.At(keyNode, $"{field}: the header \"{name}\" cannot be set (allowed: {string.Join(", ", AllowedHeaders.Keys)})");
            }

            var text = context.Scalar(value, $"{field}.{name}");
            if (allowed.Length > 0 && !allowed.Contains(text, StringComparer.Ordinal))
            {
                throw context.At(value, $"{field}.{name}: \"{text}\" is not allowed (expected {string.Join(" or ", allowed)})");
            }

            if (text.Any(char.IsControl))
            {
                throw context.At(value, $"{field}.{name}: a header value cannot hold control characters (a line break would split the response)");
            }

            if (text.Length > 0)
            {
                // An empty value leaves the header unset, as exporter-toolkit says.
                headers[name] = text;
            }
        }

        return headers;
    }

    private static void ParseUsers(Context context, YamlNode node, Dictionary<string, string> users)
    {
        if (IsNull(node))
        {
            return;
        }

        foreach (var (keyNode, value) in context.Mapping(node, UsersSection).Children)
        {
            var user = context.Key(keyNode);
            var field = $"{UsersSection}.{user}";
            if (user.Length == 0 || user.Contains(':', StringComparison.Ordinal))
            {
                throw context.At(keyNode, $"{UsersSection}: \"{user}\" cannot be a user name: basic auth splits the user from the password at the first colon, so a name must be non-empty and hold no colon");
            }

            var hash = context.Scalar(value, field);
            if (BcryptHashes.Problem(hash) is { } problem)
            {
                throw context.At(value, $"{field}: {problem}");
            }

            context.Note(field, value);
            users[user] = hash;
        }
    }

    /// <summary>Checks the fields together: what is missing, what contradicts what.</summary>
    private static void Check(WebConfig config)
    {
        var tls = config.Tls;
        if (!tls.Enabled)
        {
            return;
        }

        if (tls.CertFile.Length > 0 && tls.Cert.Length > 0)
        {
            throw config.ErrorAt($"{TlsSection}.cert", "give cert_file or cert, not both");
        }

        if (tls.KeyFile.Length > 0 && tls.Key.Length > 0)
        {
            throw config.ErrorAt($"{TlsSection}.key", "give key_file or key, not both");
        }

        if (tls.ClientCaFile.Length > 0 && tls.ClientCa.Length > 0)
        {
            throw config.ErrorAt($"{TlsSection}.client_ca", "give client_ca_file or client_ca, not both");
        }

        if (tls.CertFile.Length == 0 && tls.Cert.Length == 0)
        {
            throw config.ErrorAt(TlsSection, "missing cert_file (or cert): TLS needs the server's certificate");
        }

        if (tls.KeyFile.Length == 0 && tls.Key.Length == 0)
        {
            throw config.ErrorAt(TlsSection, "missing key_file (or key): TLS needs the server's private key");
        }

        if (tls.MinVersion > tls.MaxVersion)
        {
            throw config.ErrorAt($"{TlsSection}.max_version", $"{TlsNames.Name(tls.MaxVersion)} is below min_version {TlsNames.Name(tls.MinVersion)}");
        }

        var hasCa = tls.ClientCaFile.Length > 0 || tls.ClientCa.Length > 0;
        if (hasCa && tls.ClientAuth == ClientAuthType.NoClientCert)
        {
            throw config.ErrorAt($"{TlsSection}.client_ca_file", "a client CA is given but client_auth_type is NoClientCert: set client_auth_type to RequireAndVerifyClientCert for mutual TLS");
        }

        if (!hasCa && tls.ClientAuth is ClientAuthType.VerifyClientCertIfGiven or ClientAuthType.RequireAndVerifyClientCert)
        {
            throw config.ErrorAt($"{TlsSection}.client_auth_type", $"{tls.ClientAuth} verifies client certificates against client_ca_file, which is missing");
        }

        if (tls.ClientAllowedSans.Count > 0 && tls.ClientAuth is not (ClientAuthType.RequireAnyClientCert or ClientAuthType.RequireAndVerifyClientCert))
        {
            throw config.ErrorAt($"{TlsSection}.client_allowed_sans", "needs client_auth_type RequireAnyClientCert or RequireAndVerifyClientCert: other types let a client connect without a certificate to match");
        }
    }

    private static string FilePath(string directory, string value) =>
        value.Length == 0 ? "" : Path.GetFullPath(value, directory);

    private static ClientAuthType ClientAuth(Context context, YamlNode node, string field)
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

    private static TlsVersion Version(Context context, YamlNode node, string field)
    {
        var text = context.Scalar(node, field);
        return TlsNames.TryParseVersion(text, out var version)
            ? version
            : throw context.At(node, $"{field}: \"{text}\" is not a TLS version (expected {string.Join(", ", TlsNames.Versions.Select(v => v.Name))})");
    }

    private static List<System.Net.Security.TlsCipherSuite> CipherSuites(Context context, YamlNode node, string field)
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

    private static bool Boolean(Context context, YamlNode node, string field)
    {
        var text = context.Scalar(node, field);
        return text switch
        {
            "true" => true,
            "false" => false,
            _ => throw context.At(node, $"{field}: \"{text}\" is not true or false"),
        };
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" };

    private static string Reason(YamlException e)
    {
        // YamlDotNet prefixes its messages with the position, which the error already gives.
        var message = e.Message;
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line", StringComparison.Ordinal) && close > 0 ? message[(close + 3)..] : message;
    }

    /// <summary>The file being read and where each field was.</summary>
    private sealed class Context(string file)
    {
        public string File { get; } = file;

        public Dictionary<string, (long Line, long Column)> Positions { get; } = new(StringComparer.Ordinal);

        public void Note(string field, YamlNode node) => Positions[field] = (node.Start.Line, node.Start.Column);

        public WebConfigException At(YamlNode node, string message) =>
            WebConfigException.At(File, node.Start.Line, node.Start.Column, message);

        public YamlMappingNode Mapping(YamlNode node, string what) =>
            node as YamlMappingNode ?? throw At(node, $"{what} must be a mapping of keys to values");

        public string Key(YamlNode node) =>
            node is YamlScalarNode { Value: { } value } ? value : throw At(node, "a key must be a plain string");

        public string Scalar(YamlNode node, string field) => node switch
        {
            YamlScalarNode scalar when IsNull(scalar) => "",
            YamlScalarNode { Value: { } value } => value,
            _ => throw At(node, $"{field}: must be a single value"),
        };

        public List<string> List(YamlNode node, string field) => [.. ListWithNodes(node, field).Select(item => item.Value)];

        public IEnumerable<(string Value, YamlNode Node)> ListWithNodes(YamlNode node, string field)
        {
            if (IsNull(node))
            {
                return [];
            }

            if (node is not YamlSequenceNode sequence)
            {
                throw At(node, $"{field}: must be a list, such as [a, b]");
            }

            return [.. sequence.Children.Select(child => child is YamlScalarNode { Value: { } value } && !IsNull(child)
                ? (value, child)
                : throw At(child, $"{field}: each item must be a plain, non-empty value"))];
        }
    }
}

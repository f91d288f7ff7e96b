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
        var context = new WebConfigContext(path);
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
        catch (Exception e) when (e is not (WebConfigException or OutOfMemoryException))
        {
            // YamlDotNet throws InvalidOperationException, not a YamlException, on some malformed input
            // (aaubry/YamlDotNet#541), and its document builder an ArgumentException on others.
            var at = scanner.CurrentPosition;
            throw WebConfigException.At(path, at.Line, at.Column, "not valid YAML: cannot parse past this point (is a [ or { left open?)", e);
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode;
            throw context.At(second, "the file holds more than one YAML document");
        }

        if (stream.Documents.Count == 1 && !WebConfigContext.IsNull(stream.Documents[0].RootNode))
        {
            try
            {
                ParseSections(context, stream.Documents[0].RootNode, tls, http, users);
            }
            catch (Exception e) when (e is not (WebConfigException or OutOfMemoryException))
            {
                // What the checks did not foresee is still an error at a place: the field read last.
                var (field, node) = context.Last ?? ("the web configuration file", stream.Documents[0].RootNode);
                throw WebConfigException.At(path, node.Start.Line, node.Start.Column, $"{field}: cannot be read: {e.Message}", e);
            }
        }

        var config = new WebConfig(path, tls, http, users, context.Positions);
        WebConfigChecks.Check(config);
        return config;
    }

    private static void ParseSections(WebConfigContext context, YamlNode root, TlsServerConfig tls, HttpServerConfig http, Dictionary<string, string> users)
    {
        foreach (var (keyNode, value) in context.Mapping(root, "the web configuration file").Children)
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

    private static void ParseTls(WebConfigContext context, YamlNode node, TlsServerConfig tls)
    {
        if (WebConfigContext.IsNull(node))
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
        tls.Enabled = context.Positions.Keys.Any(k => k.StartsWith(TlsSection + ".", StringComparison.Ordinal));
    }

    private static void ParseHttp(WebConfigContext context, YamlNode node, HttpServerConfig http)
    {
        if (WebConfigContext.IsNull(node))
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
                    http.Http2 = WebConfigValues.Boolean(context, value, field);
                    break;
                case "headers":
                    http.Headers = WebConfigHeaders.Parse(context, value, field);
                    break;
                default:
                    throw context.At(keyNode, $"unknown key \"{key}\" in \"{HttpSection}\" (allowed: http2, headers)");
            }
        }
    }

    private static void ParseUsers(WebConfigContext context, YamlNode node, Dictionary<string, string> users)
    {
        if (WebConfigContext.IsNull(node))
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

    private static string Reason(YamlException e)
    {
        // YamlDotNet prefixes its messages with the position, which the error already gives.
        var message = e.Message;
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line", StringComparison.Ordinal) && close > 0 ? message[(close + 3)..] : message;
    }
}

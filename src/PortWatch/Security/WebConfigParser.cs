using PortWatch.Yaml;
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
    public const string TlsSection = "tls_server_config";
    public const string HttpSection = "http_server_config";
    public const string UsersSection = "basic_auth_users";

    private static readonly string[] Sections = [TlsSection, HttpSection, UsersSection];

    /// <summary>Keys of exporter-toolkit's format that PortWatch refuses, and why (rather than ignore what a file asks).</summary>
    private static readonly Dictionary<string, string> Unsupported = new(StringComparer.Ordinal)
    {
        ["rate_limit"] = "is not supported by portwatch (scrapes are cheap: each serves the last scan)",
    };

    public static WebConfig Parse(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        var context = new WebConfigContext(path);
        var tls = new TlsServerConfig();
        var http = new HttpServerConfig();
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        if (context.Load(text, YamlLimits.MaxInlinePemLength) is { } document)
        {
            try
            {
                ParseSections(context, document, tls, http, users);
            }
            catch (Exception e) when (e is not (WebConfigException or OutOfMemoryException))
            {
                // What the checks did not foresee is still an error at a place: the field read last.
                var (field, node) = context.Last ?? ("the web configuration file", document);
                throw context.At(node, $"{field}: cannot be read: {e.Message}", e);
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
                    WebConfigTlsSection.Parse(context, value, tls);
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

    private static void ParseHttp(WebConfigContext context, YamlNode node, HttpServerConfig http)
    {
        if (YamlReader.IsNull(node))
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
        if (YamlReader.IsNull(node))
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
}

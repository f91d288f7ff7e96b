using PortWatch.Yaml;
using YamlDotNet.RepresentationModel;

namespace PortWatch.Security;

/// <summary>
/// <c>http_server_config.headers</c>: the headers exporter-toolkit lets a file set, with the values it accepts.
/// A value must be one Kestrel sends (printable ASCII), so that a file that loads never fails a response.
/// </summary>
internal static class WebConfigHeaders
{
    /// <summary>The headers a file may set, with the values it accepts (none listed: any).</summary>
    public static IReadOnlyDictionary<string, string[]> Allowed { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Strict-Transport-Security"] = [],
        ["X-Content-Type-Options"] = ["nosniff"],
        ["X-Frame-Options"] = ["deny", "sameorigin"],
        ["X-XSS-Protection"] = [],
        ["Content-Security-Policy"] = [],
    };

    public static Dictionary<string, string> Parse(WebConfigContext context, YamlNode node, string field)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (YamlReader.IsNull(node))
        {
            return headers;
        }

        foreach (var (keyNode, value) in context.Mapping(node, field).Children)
        {
            var name = context.Key(keyNode);
            if (!Allowed.TryGetValue(name, out var allowed))
            {
                throw context.At(keyNode, $"{field}: the header \"{name}\" cannot be set (allowed: {string.Join(", ", Allowed.Keys)})");
            }

            var text = context.Scalar(value, $"{field}.{name}");
            if (allowed.Length > 0 && !allowed.Contains(text, StringComparer.Ordinal))
            {
                throw context.At(value, $"{field}.{name}: \"{text}\" is not allowed (expected {string.Join(" or ", allowed)})");
            }

            // Kestrel refuses, at response time, any character outside printable ASCII (unless told an encoding);
            // a control character such as a line break would split the response.
            var bad = text.AsSpan().IndexOfAnyExceptInRange(' ', '~');
            if (bad >= 0)
            {
                throw context.At(value, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{field}.{name}: a header value must be printable ASCII, space to ~ (Kestrel sends no other, and a control character would split the response): U+{(int)text[bad]:X4} at character {bad + 1}"));
            }

            if (text.Length > 0)
            {
                // An empty value leaves the header unset, as exporter-toolkit says.
                headers[name] = text;
            }
        }

        return headers;
    }
}

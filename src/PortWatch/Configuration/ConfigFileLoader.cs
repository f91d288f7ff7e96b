using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PortWatch.Configuration;

/// <summary>
/// Reads the YAML config file of SPEC section 7 into settings. Every value goes through the same parser as
/// its flag. Unknown keys, wrong shapes and bad values are errors that name the file, line and column.
/// </summary>
internal static class ConfigFileLoader
{
    private const string ExpectedSection = "expected";

    public static void Apply(string path, PortWatchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{path}: cannot read the config file: {e.Message}", e);
        }

        Apply(path, text, settings);
    }

    public static void Apply(string path, string text, PortWatchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(text));
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (YamlException e)
        {
            throw ConfigException.At(path, e.Start.Line, e.Start.Column, $"not valid YAML: {Reason(e)}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this instead of a YamlException on some malformed input, such as a flow
            // sequence left open across lines (aaubry/YamlDotNet#541); say where it stopped.
            var at = scanner.CurrentPosition;
            throw ConfigException.At(path, at.Line, at.Column, "not valid YAML: cannot parse past this point (is a [ or { left open?)");
        }

        if (stream.Documents.Count == 0 || IsNull(stream.Documents[0].RootNode))
        {
            return; // An empty file: the defaults.
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode;
            throw ConfigException.At(path, second.Start.Line, second.Start.Column, "the file holds more than one YAML document");
        }

        var root = Mapping(path, stream.Documents[0].RootNode, "the config file");
        foreach (var (keyNode, value) in root.Children)
        {
            var section = Key(path, keyNode);
            if (section == ExpectedSection)
            {
                settings.Scan.Expected = ExpectedListParser.Parse(path, value);
                continue;
            }

            var known = SettingTable.All.Where(s => s.YamlPath?.Section == section).ToList();
            if (known.Count == 0)
            {
                throw ConfigException.At(path, keyNode.Start.Line, keyNode.Start.Column,
                    $"unknown key \"{section}\" (allowed: {string.Join(", ", Sections())})");
            }

            ApplySection(path, section, value, known, settings);
        }
    }

    internal static YamlMappingNode Mapping(string path, YamlNode node, string what) =>
        node as YamlMappingNode
        ?? throw ConfigException.At(path, node.Start.Line, node.Start.Column, $"{what} must be a mapping of keys to values");

    internal static string Key(string path, YamlNode node) =>
        node is YamlScalarNode { Value: { } value }
            ? value
            : throw ConfigException.At(path, node.Start.Line, node.Start.Column, "a key must be a plain string");

    internal static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" };

    private static void ApplySection(string path, string section, YamlNode node, List<Setting> known, PortWatchSettings settings)
    {
        if (IsNull(node))
        {
            return;
        }

        foreach (var (keyNode, value) in Mapping(path, node, $"\"{section}\"").Children)
        {
            var key = Key(path, keyNode);
            var setting = known.FirstOrDefault(s => s.YamlPath?.Key == key)
                ?? throw ConfigException.At(path, keyNode.Start.Line, keyNode.Start.Column,
                    $"unknown key \"{key}\" in \"{section}\" (allowed: {string.Join(", ", known.Select(s => s.YamlPath!.Value.Key))})");
            var values = Values(path, $"{section}.{key}", value, setting.IsList);
            if (setting.Apply(settings, values) is { } error)
            {
                throw ConfigException.At(path, value.Start.Line, value.Start.Column, $"{section}.{key}: {error}");
            }
        }
    }

    private static List<string> Values(string path, string name, YamlNode node, bool isList)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                return [IsNull(scalar) ? "" : scalar.Value ?? ""];
            case YamlSequenceNode sequence when isList:
                return [.. sequence.Children.Select(child => child is YamlScalarNode { Value: { } value }
                    ? value
                    : throw ConfigException.At(path, child.Start.Line, child.Start.Column, $"{name}: each item must be a plain value"))];
            default:
                throw ConfigException.At(path, node.Start.Line, node.Start.Column,
                    $"{name}: must be {(isList ? "a value or a list of values" : "a single value")}");
        }
    }

    private static IEnumerable<string> Sections() =>
        SettingTable.All.Where(s => s.YamlPath is not null).Select(s => s.YamlPath!.Value.Section).Distinct().Append(ExpectedSection);

    private static string Reason(YamlException e)
    {
        // YamlDotNet prefixes its messages with the position, which the caller already gives.
        var message = e.Message;
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line", StringComparison.Ordinal) && close > 0 ? message[(close + 3)..] : message;
    }
}

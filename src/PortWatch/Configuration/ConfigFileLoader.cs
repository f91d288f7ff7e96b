using System.Globalization;
using System.Text;
using PortWatch.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace PortWatch.Configuration;

/// <summary>
/// Reads the YAML config file of SPEC section 7 into settings. Every value goes through the same parser as
/// its flag. Unknown keys, wrong shapes and bad values are errors that name the file, line and column.
/// The file is someone's input: before YamlDotNet builds a document, the loader checks <see cref="YamlLimits"/>; each
/// limit broken is an error at the place it is broken.
/// </summary>
internal static class ConfigFileLoader
{
    /// <summary>The largest config file read (<see cref="YamlLimits"/>).</summary>
    public const int MaxFileBytes = YamlLimits.MaxFileBytes;

    /// <summary>How deep mappings and lists may nest (<see cref="YamlLimits"/>).</summary>
    public const int MaxDepth = YamlLimits.MaxDepth;

    /// <summary>The longest key or value, in characters (<see cref="YamlLimits"/>).</summary>
    public const int MaxScalarLength = YamlLimits.MaxScalarLength;

    private const string Kind = "config file";

    private const string ExpectedSection = "expected";

    public static void Apply(string path, PortWatchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string text;
        try
        {
            text = ReadAtMost(path);
        }
        catch (Exception e) when (e is not (ConfigException or OutOfMemoryException))
        {
            throw new ConfigException($"{path}: cannot read the config file: {e.Message}", e);
        }

        Apply(path, text, settings);
    }

    public static void Apply(string path, string text, PortWatchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(settings);
        if (YamlLimits.Size(text, Kind) is { } tooLarge)
        {
            throw At(path, tooLarge);
        }

        var stream = new YamlStream();
        Parse(path, text, parser => CheckLimits(path, parser));
        Parse(path, text, stream.Load);

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
                settings.Scan.Expected = Expected(path, value);
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

    private static IReadOnlyList<PortWatch.Listeners.ExpectedListener> Expected(string path, YamlNode node)
    {
        try
        {
            return ExpectedListParser.Parse(path, node);
        }
        catch (Exception e) when (e is not (ConfigException or OutOfMemoryException))
        {
            throw ConfigException.At(path, node.Start.Line, node.Start.Column, $"{ExpectedSection}: cannot be read: {e.Message}");
        }
    }

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
            string? error;
            try
            {
                error = setting.Apply(settings, values);
            }
            catch (Exception e) when (e is not (ConfigException or OutOfMemoryException))
            {
                // A parser that throws instead of saying what is wrong is still an error at the value.
                error = $"cannot be read: {e.Message}";
            }

            if (error is not null)
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

    /// <summary>Runs <paramref name="read"/> over a parser of <paramref name="text"/>, turning YamlDotNet's errors into ones that say where.</summary>
    private static void Parse(string path, string text, Action<IParser> read)
    {
        var scanner = new Scanner(new StringReader(text));
        var parser = new Parser(scanner);
        try
        {
            read(parser);
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
        catch (ArgumentException)
        {
            // YamlDotNet's document builder throws this when the parser hands it an event where a node should be, as
            // with an empty complex key ("? :") after a plain scalar; say where.
            var at = parser.Current?.Start ?? scanner.CurrentPosition;
            throw ConfigException.At(path, at.Line, at.Column, "not valid YAML: a key or value was expected here");
        }
    }

    /// <summary>Stops at the first limit of <see cref="YamlLimits"/> broken.</summary>
    private static void CheckLimits(string path, IParser parser)
    {
        if (YamlLimits.Check(parser, Kind) is { } broken)
        {
            throw At(path, broken);
        }
    }

    /// <summary>The text of a file, at most <see cref="MaxFileBytes"/> of it: a larger one is an error, at the line and column where it crosses the limit.</summary>
    private static string ReadAtMost(string path)
    {
        var text = YamlLimits.ReadAtMost(path, Kind, out var tooLarge);
        return tooLarge is null ? text : throw At(path, tooLarge);
    }

    private static ConfigException At(string path, YamlLimitBroken broken) =>
        ConfigException.At(path, broken.Start.Line, broken.Start.Column, broken.Problem);

    private static string Reason(YamlException e)
    {
        // YamlDotNet prefixes its messages with the position, which the caller already gives.
        var message = e.Message;
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line", StringComparison.Ordinal) && close > 0 ? message[(close + 3)..] : message;
    }
}

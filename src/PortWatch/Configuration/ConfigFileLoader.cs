using System.Globalization;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace PortWatch.Configuration;

/// <summary>
/// Reads the YAML config file of SPEC section 7 into settings. Every value goes through the same parser as
/// its flag. Unknown keys, wrong shapes and bad values are errors that name the file, line and column.
/// The file is someone's input: before YamlDotNet builds a document (recursively: 200,000 <c>[</c> overflowed the stack
/// and aborted the process), the loader reads at most <see cref="MaxFileBytes"/> and walks the parser's events checking
/// <see cref="MaxDepth"/>, <see cref="MaxScalarLength"/> and that there is no alias (so no billion laughs, whatever
/// later walks the document); each limit broken is an error at the place it is broken.
/// </summary>
internal static class ConfigFileLoader
{
    /// <summary>The largest config file read: a real one is a few kilobytes, a long expected: list a few hundred.</summary>
    public const int MaxFileBytes = 1 << 20;

    /// <summary>How deep mappings and lists may nest; the config's deepest is 3 (root, expected:, an entry).</summary>
    public const int MaxDepth = 32;

    /// <summary>The longest key or value, in characters: a path's limit (PATH_MAX).</summary>
    public const int MaxScalarLength = 4096;

    private const string ExpectedSection = "expected";

    public static void Apply(string path, PortWatchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string text;
        try
        {
            text = ReadAtMost(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{path}: cannot read the config file: {e.Message}", e);
        }

        Apply(path, text, settings);
    }

    public static void Apply(string path, string text, PortWatchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(settings);
        if (Encoding.UTF8.GetByteCount(text) > MaxFileBytes)
        {
            throw TooLarge(path, text);
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

    /// <summary>Walks the events (no recursion, nothing built) and stops at the first limit broken.</summary>
    private static void CheckLimits(string path, IParser parser)
    {
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case AnchorAlias alias:
                    throw ConfigException.At(path, alias.Start.Line, alias.Start.Column,
                        $"aliases (*{Shown(alias.Value.Value)}) are not supported in the config file: write the value out");
                case MappingStart or SequenceStart when ++depth > MaxDepth:
                    throw ConfigException.At(path, parser.Current.Start.Line, parser.Current.Start.Column,
                        $"nested deeper than {MaxDepth} levels (the config's deepest is 3)");
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
                case Scalar { Value.Length: > MaxScalarLength } scalar:
                    throw ConfigException.At(path, scalar.Start.Line, scalar.Start.Column,
                        string.Create(CultureInfo.InvariantCulture, $"a value of {scalar.Value.Length:N0} characters (\"{Shown(scalar.Value)}\"); at most {MaxScalarLength:N0}"));
            }
        }
    }

    /// <summary>The text of a file, at most <see cref="MaxFileBytes"/> of it: a larger one is an error, at the line and column where it crosses the limit.</summary>
    private static string ReadAtMost(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
        var buffer = new byte[MaxFileBytes + 1];
        var read = file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        using var reader = new StreamReader(new MemoryStream(buffer, 0, Math.Min(read, MaxFileBytes)), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var text = reader.ReadToEnd();
        return read > MaxFileBytes ? throw TooLarge(path, text) : text;
    }

    private static ConfigException TooLarge(string path, string text)
    {
        // Where the limit falls: the line and column of the first character past it.
        var prefix = text[..Math.Min(text.Length, MaxFileBytes)];
        while (Encoding.UTF8.GetByteCount(prefix) > MaxFileBytes)
        {
            prefix = prefix[..(prefix.Length - Math.Max(1, (Encoding.UTF8.GetByteCount(prefix) - MaxFileBytes) / 4))];
        }

        var line = prefix.Count(c => c == '\n') + 1;
        var column = prefix.Length - prefix.LastIndexOf('\n');
        return ConfigException.At(path, line, column, $"the file is larger than {MaxFileBytes >> 20} MiB, the most a config file may be");
    }

    private static string Shown(string value) =>
        value.Length <= 40 ? value : string.Create(CultureInfo.InvariantCulture, $"{value[..40]}…");

    private static string Reason(YamlException e)
    {
        // YamlDotNet prefixes its messages with the position, which the caller already gives.
        var message = e.Message;
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line", StringComparison.Ordinal) && close > 0 ? message[(close + 3)..] : message;
    }
}

using PortWatch.Yaml;
using YamlDotNet.RepresentationModel;

namespace PortWatch.Configuration;

/// <summary>
/// Reads the YAML config file (README, "The config file") into settings through <see cref="YamlReader"/>: the
/// limits, the one document and the errors at file:line:column are the reader's; this is the schema. Every value
/// goes through the same parser as its flag. Unknown keys, wrong shapes and bad values are errors at their place.
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
        var reader = Reader(path);
        Apply(reader, reader.ReadFile(), settings);
    }

    public static void Apply(string path, string text, PortWatchSettings settings) => Apply(Reader(path), text, settings);

    private static YamlReader Reader(string path) => new(path, Kind, (message, inner) => new ConfigException(message, inner));

    private static void Apply(YamlReader reader, string text, PortWatchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (reader.Load(text) is not { } document)
        {
            return; // An empty file: the defaults.
        }

        foreach (var (keyNode, value) in reader.Mapping(document, "the config file").Children)
        {
            var section = reader.Key(keyNode);
            if (section == ExpectedSection)
            {
                settings.Scan.Expected = Expected(reader, value);
                continue;
            }

            var known = SettingTable.All.Where(s => s.YamlPath?.Section == section).ToList();
            if (known.Count == 0)
            {
                throw reader.At(keyNode, $"unknown key \"{section}\" (allowed: {string.Join(", ", Sections())})");
            }

            ApplySection(reader, section, value, known, settings);
        }
    }

    private static IReadOnlyList<PortWatch.Listeners.ExpectedListener> Expected(YamlReader reader, YamlNode node)
    {
        try
        {
            return ExpectedListParser.Parse(reader, node);
        }
        catch (Exception e) when (e is not (ConfigException or OutOfMemoryException))
        {
            throw reader.At(node, $"{ExpectedSection}: cannot be read: {e.Message}", e);
        }
    }

    private static void ApplySection(YamlReader reader, string section, YamlNode node, List<Setting> known, PortWatchSettings settings)
    {
        if (YamlReader.IsNull(node))
        {
            return;
        }

        foreach (var (keyNode, value) in reader.Mapping(node, $"\"{section}\"").Children)
        {
            var key = reader.Key(keyNode);
            var setting = known.FirstOrDefault(s => s.YamlPath?.Key == key)
                ?? throw reader.At(keyNode, $"unknown key \"{key}\" in \"{section}\" (allowed: {string.Join(", ", known.Select(s => s.YamlPath!.Value.Key))})");
            var values = Values(reader, $"{section}.{key}", value, setting.IsList);
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
                throw reader.At(value, $"{section}.{key}: {error}");
            }
        }
    }

    /// <summary>A setting's values as its flag would get them: one, or (for a list setting) a list of them.</summary>
    private static List<string> Values(YamlReader reader, string name, YamlNode node, bool isList) => node switch
    {
        YamlScalarNode scalar => [YamlReader.IsNull(scalar) ? "" : scalar.Value ?? ""],
        YamlSequenceNode sequence when isList => [.. sequence.Children.Select(child => child is YamlScalarNode { Value: { } value }
            ? value
            : throw reader.At(child, $"{name}: each item must be a plain value"))],
        _ => throw reader.At(node, $"{name}: must be {(isList ? "a value or a list of values" : "a single value")}"),
    };

    private static IEnumerable<string> Sections() =>
        SettingTable.All.Where(s => s.YamlPath is not null).Select(s => s.YamlPath!.Value.Section).Distinct().Append(ExpectedSection);
}

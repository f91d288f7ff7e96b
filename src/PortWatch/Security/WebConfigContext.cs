using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PortWatch.Security;

/// <summary>The web configuration file being read by <see cref="WebConfigParser"/>: where each field was, and errors that say so.</summary>
internal sealed class WebConfigContext(string file)
{
    public string File { get; } = file;

    public Dictionary<string, (long Line, long Column)> Positions { get; } = new(StringComparer.Ordinal);

    /// <summary>The field read last, and where: what an unexpected failure is blamed on.</summary>
    public (string Field, YamlNode Node)? Last { get; private set; }

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" };

    public void Note(string field, YamlNode node)
    {
        Positions[field] = (node.Start.Line, node.Start.Column);
        Last = (field, node);
    }

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

    /// <summary>A path, resolved against <paramref name="directory"/> (empty stays empty); one no file system can hold is an error here, not later.</summary>
    public string FilePath(YamlNode node, string field, string directory)
    {
        var value = Scalar(node, field);
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw At(node, $"{field}: a path cannot hold a NUL character");
        }

        return value.Length == 0 ? "" : Path.GetFullPath(value, directory);
    }

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

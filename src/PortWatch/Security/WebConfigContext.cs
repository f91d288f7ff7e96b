using PortWatch.Yaml;
using YamlDotNet.RepresentationModel;

namespace PortWatch.Security;

/// <summary>
/// The web configuration file being read by <see cref="WebConfigParser"/>: the shared <see cref="YamlReader"/>, with
/// where each field was (what the checks and a reload's rules cite) and the field read last.
/// </summary>
internal sealed class WebConfigContext(string file)
    : YamlReader(file, "web configuration file", (message, inner) => new WebConfigException(message, inner))
{
    public Dictionary<string, (long Line, long Column)> Positions { get; } = new(StringComparer.Ordinal);

    /// <summary>The field read last, and where: what an unexpected failure is blamed on.</summary>
    public (string Field, YamlNode Node)? Last { get; private set; }

    public void Note(string field, YamlNode node)
    {
        Positions[field] = (node.Start.Line, node.Start.Column);
        Last = (field, node);
    }

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
}

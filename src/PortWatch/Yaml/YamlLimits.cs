using System.Globalization;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PortWatch.Yaml;

/// <summary>
/// Limits on a YAML file that someone else may have written, checked before YamlDotNet builds a document (which it
/// does recursively: 200,000 <c>[</c> overflowed the stack and aborted the process): at most <see cref="MaxFileBytes"/>
/// read, mappings and lists nested at most <see cref="MaxDepth"/> deep, keys and values of at most
/// <see cref="MaxScalarLength"/> characters (<see cref="MaxInlinePemLength"/> where a file may hold certificates), and no alias (so no billion laughs, whatever later walks the document).
/// The config file and the web configuration file both go through them; each limit broken is an error at its place.
/// </summary>
internal static class YamlLimits
{
    /// <summary>The largest file read: a real one is a few kilobytes, a long expected: list a few hundred.</summary>
    public const int MaxFileBytes = 1 << 20;

    /// <summary>How deep mappings and lists may nest; the files' deepest is 3.</summary>
    public const int MaxDepth = 32;

    /// <summary>The longest key or value of the config file, in characters: a path's limit (PATH_MAX).</summary>
    public const int MaxScalarLength = 4096;

    /// <summary>The longest of the web configuration file, which may hold PEM certificates, chains and keys inline.</summary>
    public const int MaxInlinePemLength = 65536;

    /// <summary>Walks the events (no recursion, nothing built) and returns the first limit broken, or null.</summary>
    public static YamlLimitBroken? Check(IParser parser, string kind, int maxScalarLength = MaxScalarLength)
    {
        ArgumentNullException.ThrowIfNull(parser);
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case AnchorAlias alias:
                    return new(alias.Start, $"aliases (*{Shown(alias.Value.Value)}) are not supported in the {kind}: write the value out");
                case MappingStart or SequenceStart when ++depth > MaxDepth:
                    return new(parser.Current.Start, $"nested deeper than {MaxDepth} levels (the {kind}'s deepest is 3)");
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
                case Scalar scalar when scalar.Value.Length > maxScalarLength:
                    return new(scalar.Start, string.Create(CultureInfo.InvariantCulture, $"a value of {scalar.Value.Length:N0} characters (\"{Shown(scalar.Value)}\"); at most {maxScalarLength:N0}"));
            }
        }

        return null;
    }

    /// <summary>The text of a file, at most <see cref="MaxFileBytes"/> of it; null in <paramref name="tooLarge"/> unless it is larger.</summary>
    public static string ReadAtMost(string path, string kind, out YamlLimitBroken? tooLarge)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
        var buffer = new byte[MaxFileBytes + 1];
        var read = file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        using var reader = new StreamReader(new MemoryStream(buffer, 0, Math.Min(read, MaxFileBytes)), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var text = reader.ReadToEnd();
        tooLarge = read > MaxFileBytes ? TooLarge(text, kind) : null;
        return text;
    }

    /// <summary>Null when <paramref name="text"/> is within <see cref="MaxFileBytes"/>; else where it crosses the limit.</summary>
    public static YamlLimitBroken? Size(string text, string kind)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Encoding.UTF8.GetByteCount(text) > MaxFileBytes ? TooLarge(text, kind) : null;
    }

    private static YamlLimitBroken TooLarge(string text, string kind)
    {
        // Where the limit falls: the line and column of the first character past it.
        var prefix = text[..Math.Min(text.Length, MaxFileBytes)];
        while (Encoding.UTF8.GetByteCount(prefix) > MaxFileBytes)
        {
            prefix = prefix[..(prefix.Length - Math.Max(1, (Encoding.UTF8.GetByteCount(prefix) - MaxFileBytes) / 4))];
        }

        var line = prefix.Count(c => c == '\n') + 1;
        var column = prefix.Length - prefix.LastIndexOf('\n');
        return new(new Mark(0, line, column), $"the file is larger than {MaxFileBytes >> 20} MiB, the most a {kind} may be");
    }

    private static string Shown(string value) =>
        value.Length <= 40 ? value : string.Create(CultureInfo.InvariantCulture, $"{value[..40]}…");
}

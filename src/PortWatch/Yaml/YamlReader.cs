using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PortWatch.Yaml;

/// <summary>
/// Reads a YAML file someone else may have written, for both the config file and the web configuration file: the
/// <see cref="YamlLimits"/> first, then one document (a second is an error), then its nodes through checks that
/// say what is wrong at the file, line and column. A loader adds only its schema; every error this reader raises
/// is made by <paramref name="error"/> (the loader's exception type) from a message that already names the place.
/// </summary>
/// <param name="file">The file's path, as errors name it.</param>
/// <param name="kind">What the file is, as errors say it ("config file").</param>
/// <param name="error">Makes the loader's exception from a message and the exception behind it.</param>
internal class YamlReader(string file, string kind, Func<string, Exception?, Exception> error)
{
    public string File => file;

    /// <summary>A null scalar: empty, <c>~</c> or <c>null</c>, unquoted.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" };

    public Exception At(long line, long column, string message, Exception? inner = null) => error($"{file}:{line}:{column}: {message}", inner);

    public Exception At(YamlNode node, string message, Exception? inner = null) => At(node.Start.Line, node.Start.Column, message, inner);

    /// <summary>The file's text, at most <see cref="YamlLimits.MaxFileBytes"/> of it; a larger file is an error where it crosses the limit.</summary>
    public string ReadFile()
    {
        try
        {
            var text = YamlLimits.ReadAtMost(file, kind, out var tooLarge);
            return tooLarge is null ? text : throw At(tooLarge.Start.Line, tooLarge.Start.Column, tooLarge.Problem);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw error($"{file}: cannot read the {kind}: {e.Message}", e);
        }
    }

    /// <summary>The one document of <paramref name="text"/>; null when there is none or it is null (an empty file).</summary>
    public YamlNode? Load(string text, int maxScalarLength = YamlLimits.MaxScalarLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (YamlLimits.Size(text, kind) is { } tooLarge)
        {
            throw At(tooLarge.Start.Line, tooLarge.Start.Column, tooLarge.Problem);
        }

        // The limits first, on the events alone: YamlDotNet builds a document recursively.
        Parse(text, parser => YamlLimits.Check(parser, kind, maxScalarLength) is { } broken ? throw At(broken.Start.Line, broken.Start.Column, broken.Problem) : 0);
        var stream = new YamlStream();
        Parse(text, parser =>
        {
            stream.Load(parser);
            return 0;
        });
        if (stream.Documents.Count > 1)
        {
            throw At(stream.Documents[1].RootNode, "the file holds more than one YAML document");
        }

        return stream.Documents.Count == 0 || IsNull(stream.Documents[0].RootNode) ? null : stream.Documents[0].RootNode;
    }

    public YamlMappingNode Mapping(YamlNode node, string what) =>
        node as YamlMappingNode ?? throw At(node, $"{what} must be a mapping of keys to values");

    public string Key(YamlNode node) =>
        node is YamlScalarNode { Value: { } value } ? value : throw At(node, "a key must be a plain string");

    /// <summary>A single value; a null one is empty.</summary>
    public string Scalar(YamlNode node, string field) => node switch
    {
        YamlScalarNode scalar when IsNull(scalar) => "",
        YamlScalarNode { Value: { } value } => value,
        _ => throw At(node, $"{field}: must be a single value"),
    };

    /// <summary>A list of plain, non-empty values, each with its node; null is an empty list.</summary>
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

    public List<string> List(YamlNode node, string field) => [.. ListWithNodes(node, field).Select(item => item.Value)];

    /// <summary>Runs <paramref name="read"/> over a parser of <paramref name="text"/>, turning YamlDotNet's errors into ones that say where.</summary>
    private void Parse(string text, Func<IParser, int> read)
    {
        var scanner = new Scanner(new StringReader(text));
        var parser = new Parser(scanner);
        try
        {
            read(parser);
        }
        catch (YamlException e)
        {
            throw At(e.Start.Line, e.Start.Column, $"not valid YAML: {Reason(e)}", e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this instead of a YamlException on some malformed input, such as a flow
            // sequence left open across lines (aaubry/YamlDotNet#541); say where it stopped.
            var at = scanner.CurrentPosition;
            throw At(at.Line, at.Column, "not valid YAML: cannot parse past this point (is a [ or { left open?)", e);
        }
        catch (ArgumentException e)
        {
            // YamlDotNet's document builder throws this when the parser hands it an event where a node should be, as
            // with an empty complex key ("? :") after a plain scalar; say where.
            var at = parser.Current?.Start ?? scanner.CurrentPosition;
            throw At(at.Line, at.Column, "not valid YAML: a key or value was expected here", e);
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

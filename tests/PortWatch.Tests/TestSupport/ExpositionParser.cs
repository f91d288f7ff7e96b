using System.Globalization;
using System.Text;

namespace PortWatch.Tests.TestSupport;

/// <summary>One series as read from an exposition.</summary>
internal sealed record ParsedSample(string Name, IReadOnlyList<KeyValuePair<string, string>> Labels, double Value)
{
    public string Label(string name) => Labels.Single(l => l.Key == name).Value;
}

/// <summary>One family as read from an exposition: its HELP (unescaped), TYPE and samples in order.</summary>
internal sealed record ParsedFamily(string Name, string? Help, string? Type, List<ParsedSample> Samples);

/// <summary>
/// A strict reader of the Prometheus text format 0.0.4 and of OpenMetrics 1.0 text, written for the tests from the
/// formats' specifications and sharing nothing with the exporter's writer: so that what the writer escapes is read
/// back by someone else's rules. It throws <see cref="FormatException"/>, naming the line, on anything the format
/// forbids: bytes that are not UTF-8, a raw line break or quote in a label value, an unknown escape, a bad name, a
/// repeated label, a sample outside its family, a family declared twice, and (OpenMetrics) a missing <c># EOF</c>,
/// text after it, blank lines, comments other than HELP, TYPE and UNIT, and trailing commas.
/// </summary>
internal static class ExpositionParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly string[] Types = ["counter", "gauge", "histogram", "summary", "untyped", "unknown", "info", "stateset", "gaugehistogram"];

    public static List<ParsedFamily> Parse(byte[] utf8, bool openMetrics)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException e)
        {
            throw new FormatException($"not UTF-8: {e.Message}", e);
        }

        if (text.Length > 0 && text[^1] != '\n')
        {
            throw new FormatException("the exposition does not end with a line break");
        }

        var lines = text.Split('\n')[..^1];
        var families = new List<ParsedFamily>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var eof = false;
        for (var number = 1; number <= lines.Length; number++)
        {
            var line = lines[number - 1];
            FormatException Bad(string what) => new($"line {number}: {what}: {line}");
            if (eof)
            {
                throw Bad("text after # EOF");
            }

            if (line.Length == 0)
            {
                if (openMetrics)
                {
                    throw Bad("a blank line");
                }

                continue;
            }

            if (line[0] == '#')
            {
                if (openMetrics && line == "# EOF")
                {
                    eof = true;
                    continue;
                }

                var parts = line.Split(' ', 4);
                if (parts.Length < 3 || parts[0] != "#" || parts[1] is not ("HELP" or "TYPE" or "UNIT"))
                {
                    if (openMetrics)
                    {
                        throw Bad("a comment OpenMetrics does not allow");
                    }

                    continue; // A comment.
                }

                var name = parts[2];
                if (!IsMetricName(name))
                {
                    throw Bad("a bad metric name");
                }

                var family = families.LastOrDefault();
                if (family is null || family.Name != name)
                {
                    if (!seen.Add(name))
                    {
                        throw Bad($"family {name} declared a second time");
                    }

                    family = new ParsedFamily(name, null, null, []);
                    families.Add(family);
                }

                if (family.Samples.Count > 0)
                {
                    throw Bad("HELP or TYPE after the family's samples");
                }

                var rest = parts.Length > 3 ? parts[3] : "";
                switch (parts[1])
                {
                    case "HELP" when family.Help is null:
                        families[^1] = family = family with { Help = UnescapeHelp(rest, openMetrics) ?? throw Bad("a bad escape in HELP") };
                        break;
                    case "TYPE" when family.Type is null && Types.Contains(rest):
                        families[^1] = family with { Type = rest };
                        break;
                    case "UNIT" when openMetrics:
                        break;
                    default:
                        throw Bad($"a second or bad {parts[1]}");
                }

                continue;
            }

            var sample = ParseSample(line, openMetrics) ?? throw Bad("not a sample");
            var current = families.LastOrDefault();
            if (current is null || current.Name != sample.Name)
            {
                if (openMetrics || !seen.Add(sample.Name))
                {
                    throw Bad($"sample of {sample.Name} outside its family");
                }

                current = new ParsedFamily(sample.Name, null, null, []);
                families.Add(current);
            }

            if (current.Samples.Any(s => s.Labels.SequenceEqual(sample.Labels)))
            {
                throw Bad("the same series twice");
            }

            current.Samples.Add(sample);
        }

        if (openMetrics && !eof)
        {
            throw new FormatException("no # EOF at the end");
        }

        return families;
    }

    private static ParsedSample? ParseSample(string line, bool openMetrics)
    {
        var i = 0;
        while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] is '_' or ':'))
        {
            i++;
        }

        var name = line[..i];
        if (!IsMetricName(name))
        {
            return null;
        }

        var labels = new List<KeyValuePair<string, string>>();
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (true)
            {
                if (i < line.Length && line[i] == '}')
                {
                    if (openMetrics && labels.Count > 0 && line[i - 1] == ',')
                    {
                        return null; // OpenMetrics has no trailing comma.
                    }

                    i++;
                    break;
                }

                var start = i;
                while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] == '_'))
                {
                    i++;
                }

                var label = line[start..i];
                if (!IsLabelName(label) || labels.Any(l => l.Key == label) || i + 1 >= line.Length || line[i] != '=' || line[i + 1] != '"')
                {
                    return null;
                }

                i += 2;
                var value = new StringBuilder();
                while (true)
                {
                    if (i >= line.Length)
                    {
                        return null; // Not closed on its line.
                    }

                    var c = line[i++];
                    if (c == '"')
                    {
                        break;
                    }

                    if (c != '\\')
                    {
                        value.Append(c);
                        continue;
                    }

                    if (i >= line.Length)
                    {
                        return null;
                    }

                    switch (line[i++])
                    {
                        case '\\':
                            value.Append('\\');
                            break;
                        case '"':
                            value.Append('"');
                            break;
                        case 'n':
                            value.Append('\n');
                            break;
                        default:
                            return null; // No other escape exists.
                    }
                }

                labels.Add(new(label, value.ToString()));
                if (i < line.Length && line[i] == ',')
                {
                    i++;
                }
                else if (i >= line.Length || line[i] != '}')
                {
                    return null;
                }
            }
        }

        if (i >= line.Length || line[i] != ' ')
        {
            return null;
        }

        var fields = line[(i + 1)..].Split(' ');
        if (fields.Length is < 1 or > 2 || !TryParseValue(fields[0], out var number))
        {
            return null;
        }

        return fields.Length == 2 && !long.TryParse(fields[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) && !openMetrics
            ? null
            : new ParsedSample(name, labels, number);
    }

    private static bool TryParseValue(string text, out double value)
    {
        switch (text)
        {
            case "+Inf" or "Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            case "NaN":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
                    && !text.Contains("Infinity", StringComparison.OrdinalIgnoreCase) && !text.Contains('∞', StringComparison.Ordinal);
        }
    }

    private static string? UnescapeHelp(string text, bool openMetrics)
    {
        var help = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                help.Append(text[i]);
                continue;
            }

            if (++i >= text.Length)
            {
                return null;
            }

            switch (text[i])
            {
                case '\\':
                    help.Append('\\');
                    break;
                case 'n':
                    help.Append('\n');
                    break;
                case '"' when openMetrics:
                    help.Append('"');
                    break;
                default:
                    return null;
            }
        }

        return help.ToString();
    }

    private static bool IsMetricName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] is '_' or ':') && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':');

    private static bool IsLabelName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}

using System.Globalization;
using System.Text;
using Prometheus;

namespace PortWatch.Exposition;

/// <summary>
/// Writes gauge families in the Prometheus text format 0.0.4 or in OpenMetrics, exactly: one HELP and one TYPE
/// line a family, label values escaped (<c>\\</c>, <c>\"</c>, <c>\n</c>), HELP escaped (<c>\\</c>, <c>\n</c>, and
/// <c>\"</c> in OpenMetrics), values in the invariant culture with <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>, series
/// sorted by label values so the output is the same byte for byte for the same data. Two series with the same
/// labels are a bug and throw. Never writes OpenMetrics' <c>#&#160;EOF</c>: what follows (the library's
/// registry) ends the exposition.
/// </summary>
internal static class TextFormatWriter
{
    /// <summary>Renders a family to UTF-8; an empty family renders to nothing.</summary>
    public static byte[] Render(MetricFamily family, ExpositionFormat format)
    {
        var builder = new StringBuilder();
        Write(family, format, builder);
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    public static void Write(MetricFamily family, ExpositionFormat format, StringBuilder output)
    {
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(output);
        if (family.Samples.Count == 0)
        {
            return;
        }

        output.Append("# HELP ").Append(family.Name).Append(' ');
        AppendEscaped(output, family.Help, escapeQuotes: format == ExpositionFormat.OpenMetricsText);
        output.Append('\n');
        output.Append("# TYPE ").Append(family.Name).Append(" gauge\n");

        var samples = family.Samples.ToArray();
        Array.Sort(samples, CompareLabels);
        for (var i = 0; i < samples.Length; i++)
        {
            if (i > 0 && CompareLabels(samples[i - 1], samples[i]) == 0)
            {
                throw new InvalidOperationException($"{family.Name} has two series with labels {{{string.Join(", ", samples[i].LabelValues)}}}");
            }

            output.Append(family.Name);
            if (family.LabelNames.Count > 0)
            {
                output.Append('{');
                for (var label = 0; label < family.LabelNames.Count; label++)
                {
                    output.Append(label == 0 ? "" : ",").Append(family.LabelNames[label]).Append("=\"");
                    AppendEscaped(output, samples[i].LabelValues[label], escapeQuotes: true);
                    output.Append('"');
                }

                output.Append('}');
            }

            output.Append(' ').Append(FormatValue(samples[i].Value)).Append('\n');
        }
    }

    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static void AppendEscaped(StringBuilder output, string text, bool escapeQuotes)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\':
                    output.Append(@"\\");
                    break;
                case '\n':
                    output.Append(@"\n");
                    break;
                case '"' when escapeQuotes:
                    output.Append("\\\"");
                    break;
                default:
                    output.Append(c);
                    break;
            }
        }
    }

    private static int CompareLabels(Sample x, Sample y)
    {
        for (var i = 0; i < x.LabelValues.Count; i++)
        {
            var order = string.CompareOrdinal(x.LabelValues[i], y.LabelValues[i]);
            if (order != 0)
            {
                return order;
            }
        }

        return 0;
    }
}

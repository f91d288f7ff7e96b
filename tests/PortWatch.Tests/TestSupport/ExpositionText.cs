using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PortWatch.Exposition;
using Prometheus;
using Xunit;

namespace PortWatch.Tests.TestSupport;

/// <summary>Renders what a scrape would serve, without HTTP, and reads values back out of the text.</summary>
internal static partial class ExpositionText
{
    /// <summary>The listener families and then the exporter's registry, as <c>/metrics</c> composes them.</summary>
    public static string Render(ListenerExposition listeners, ExporterMetrics metrics, ExpositionFormat format = ExpositionFormat.PrometheusText)
    {
        using var output = new MemoryStream();
        output.Write(listeners.Get(format).Span);
        output.Write((metrics.Process?.Get(format) ?? ReadOnlyMemory<byte>.Empty).Span);
        metrics.Registry.CollectAndExportAsTextAsync(output, format, TestContext.Current.CancellationToken).GetAwaiter().GetResult();
        return Encoding.UTF8.GetString(output.ToArray());
    }

    public static string Render(TestMetrics metrics) => Render(metrics.Metrics);

    public static string Render(ExporterMetrics metrics)
    {
        using var output = new MemoryStream();
        output.Write((metrics.Process?.Get(ExpositionFormat.PrometheusText) ?? ReadOnlyMemory<byte>.Empty).Span);
        metrics.Registry.CollectAndExportAsTextAsync(output, ExpositionFormat.PrometheusText, TestContext.Current.CancellationToken).GetAwaiter().GetResult();
        return Encoding.UTF8.GetString(output.ToArray());
    }

    /// <summary>The value of the series written exactly as <paramref name="series"/> (name and labels), or null.</summary>
    public static double? Value(string exposition, string series)
    {
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    /// <summary>The family names in the order they appear (from the TYPE lines).</summary>
    public static IReadOnlyList<string> Families(string exposition) =>
        [.. TypeLine().Matches(exposition).Select(m => m.Groups[1].Value)];

    [GeneratedRegex(@"^# TYPE (\S+) ", RegexOptions.Multiline)]
    private static partial Regex TypeLine();
}

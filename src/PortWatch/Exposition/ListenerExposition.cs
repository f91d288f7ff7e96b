using System.Text;
using PortWatch.Listeners;
using PortWatch.PacketSockets;
using Prometheus;

namespace PortWatch.Exposition;

/// <summary>
/// The listener families of one listener set, rendered once in both formats a scraper may ask for, and
/// compressed once on first demand: every scrape until the set changes serves these bytes, a memory copy.
/// </summary>
internal sealed class ListenerExposition
{
    private readonly byte[] text;
    private readonly byte[] openMetrics;
    private readonly Lazy<DeflatedPart> textDeflated;
    private readonly Lazy<DeflatedPart> openMetricsDeflated;

    private ListenerExposition(byte[] text, byte[] openMetrics)
    {
        this.text = text;
        this.openMetrics = openMetrics;
        textDeflated = new(() => DeflatedPart.Of(text));
        openMetricsDeflated = new(() => DeflatedPart.Of(openMetrics));
    }

    public static ListenerExposition Build(IReadOnlyList<Listener> listeners, IReadOnlyList<PacketSocket>? packetSockets = null)
    {
        IReadOnlyList<MetricFamily> families = [.. ListenerFamilies.Build(listeners), .. PacketSocketFamilies.Build(packetSockets ?? [])];
        return new ListenerExposition(Render(families, ExpositionFormat.PrometheusText), Render(families, ExpositionFormat.OpenMetricsText));
    }

    /// <summary>The rendered families in <paramref name="format"/>.</summary>
    public ReadOnlyMemory<byte> Get(ExpositionFormat format) =>
        format == ExpositionFormat.OpenMetricsText ? openMetrics : text;

    /// <summary>The rendered families in <paramref name="format"/>, compressed to begin a gzip member.</summary>
    public DeflatedPart GetDeflated(ExpositionFormat format) =>
        format == ExpositionFormat.OpenMetricsText ? openMetricsDeflated.Value : textDeflated.Value;

    private static byte[] Render(IReadOnlyList<MetricFamily> families, ExpositionFormat format)
    {
        var builder = new StringBuilder();
        foreach (var family in families)
        {
            TextFormatWriter.Write(family, format, builder);
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }
}

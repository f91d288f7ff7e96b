namespace PortWatch.Exposition;

/// <summary>A family already written in the text format, kept until the next scan replaces it.</summary>
internal sealed record RenderedFamily(string Name, byte[] Utf8)
{
    public static RenderedFamily Of(MetricFamily family)
    {
        ArgumentNullException.ThrowIfNull(family);
        return new RenderedFamily(family.Name, TextFormatWriter.Render(family));
    }
}

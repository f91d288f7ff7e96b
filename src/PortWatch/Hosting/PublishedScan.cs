using PortWatch.Exposition;
using PortWatch.Scanning;

namespace PortWatch.Hosting;

/// <summary>The latest scan and its rendered families: what every scrape until the next scan serves.</summary>
/// <param name="Result">The latest scan; after a failed one, it carries the listeners of the last good one.</param>
/// <param name="ListenerFamilies">The per-listener families of the last successful scan.</param>
/// <param name="OtherFamilies">Scan health and registry families, rendered after every scan.</param>
internal sealed record PublishedScan(ScanResult Result, IReadOnlyList<RenderedFamily> ListenerFamilies, IReadOnlyList<RenderedFamily> OtherFamilies)
{
    public IEnumerable<RenderedFamily> Families => ListenerFamilies.Concat(OtherFamilies);
}

using PortWatch.Exposition;
using PortWatch.Scanning;

namespace PortWatch.Hosting;

/// <summary>The latest scan and its rendered families: what every scrape until the next scan serves.</summary>
internal sealed record PublishedScan(ScanResult Result, IReadOnlyList<RenderedFamily> Families);

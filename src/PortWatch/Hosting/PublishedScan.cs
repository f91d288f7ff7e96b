using PortWatch.Exposition;
using PortWatch.Scanning;

namespace PortWatch.Hosting;

/// <summary>The latest scan and its rendered listener families: what every scrape until the next scan serves.</summary>
/// <param name="Result">The latest scan; after a failed one, it carries the listeners of the last good one.</param>
/// <param name="Exposition">The listener families of the last successful scan, rendered.</param>
internal sealed record PublishedScan(ScanResult Result, ListenerExposition Exposition);

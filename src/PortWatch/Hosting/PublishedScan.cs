using PortWatch.Exposition;
using PortWatch.Listeners;
using PortWatch.Scanning;

namespace PortWatch.Hosting;

/// <summary>The latest scan and its rendered listener families: what every scrape until the next scan serves.</summary>
/// <param name="Result">The latest scan; after a failed one, it carries the listeners of the last good one. Its listeners are all the scan found.</param>
/// <param name="Exposition">The listener families of the last successful scan, rendered: of <see cref="Served"/>'s kept listeners.</param>
/// <param name="Selection">The listeners that have series and landing-page rows (scan.max-listeners) and those left out; null when all have.</param>
internal sealed record PublishedScan(ScanResult Result, ListenerExposition Exposition, ListenerSelection? Selection = null)
{
    /// <summary>Which of <see cref="ScanResult.Listeners"/> have series, and which were left out.</summary>
    public ListenerSelection Served { get; } = Selection ?? new ListenerSelection(Result?.Listeners ?? [], []);
}

namespace PortWatch.Hosting;

/// <summary>
/// Hands the latest scan from the scan loop to the HTTP endpoints. Scrapes read a reference and never wait on
/// a scan; the loop swaps in a new one when it has finished rendering.
/// </summary>
internal sealed class LatestScan
{
    private volatile PublishedScan? current;

    public PublishedScan? Current => current;

    public void Publish(PublishedScan scan) => current = scan;
}

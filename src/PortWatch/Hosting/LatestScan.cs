namespace PortWatch.Hosting;

/// <summary>
/// Hands the latest scan from the scan loop to the HTTP endpoints. Scrapes read a reference and never wait on
/// a scan; the loop swaps in a new one when it has finished rendering. Nothing is published until a scan has
/// succeeded: until then <see cref="NotReadyReason"/> says why. After a failed scan the published scan carries the
/// last good listeners and when that scan was (<c>LastSuccessAt</c>), from which <see cref="HealthEndpoints"/> tells
/// whether they are still current.
/// </summary>
internal sealed class LatestScan
{
    private volatile PublishedScan? current;
    private volatile string notReadyReason = "the first scan has not finished";

    public PublishedScan? Current => current;

    public string NotReadyReason => notReadyReason;

    public void Publish(PublishedScan scan) => current = scan;

    public void NotReady(string reason) => notReadyReason = reason;
}

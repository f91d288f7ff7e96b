using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PortWatch.IntegrationTests.Infrastructure;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Hosting;

/// <summary>
/// --web.max-requests against the real exporter over real connections: requests are held in the exporter by clients
/// that send a request for a 10 MB exposition and, once its response has begun, never read it (the response fills the
/// socket buffers and waits, as a stuck scraper's does; <see cref="HeldRequest"/>).
/// </summary>
public sealed class RequestLimitTests
{
    private const int Limit = 2;

    [Fact]
    public async Task Metrics_AsManyRequestsHeldAsTheLimit_TheNextGets503AtOnceAndAfterThemRequestsSucceedAgain()
    {
        using var fixture = new FixtureProcFs();
        fixture.Open(Enumerable.Range(2000, 20_000));
        await using var exporter = await ExporterProcess.StartAsync(
            $"--path.procfs={fixture.Root}", "--scan.method=procfs", "--scan.namespaces=host", "--no-scan.processes",
            "--scan.max-listeners=0", $"--web.max-requests={Limit.ToString(CultureInfo.InvariantCulture)}");
        var (status, body) = await GetAsync(exporter, "metrics");
        status.ShouldBe(HttpStatusCode.OK);
        body.Length.ShouldBeGreaterThan(8_000_000, "the exposition must be larger than the socket buffers can take, or a client that does not read holds nothing");

        // One held: the next request is served, and sees itself and the held one in flight.
        using var first = await HeldRequest.StartAsync(exporter.Port);
        var seen = await exporter.ScrapeUntilAsync(b => Value(b, "portwatch_http_requests_in_flight") == 2);
        Value(seen, "portwatch_http_max_requests").ShouldBe(Limit);
        Value(seen, "portwatch_http_requests_rejected_total").ShouldBe(first.Rejected);

        // Two held, as many as the limit: every further request is turned away at once, the landing page's too; the health checks are not.
        using var second = await HeldRequest.StartAsync(exporter.Port);
        var rejections = first.Rejected + second.Rejected;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while ((await GetAsync(exporter, "metrics")).Status != HttpStatusCode.ServiceUnavailable)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, $"the second held request never reached the exporter's handler; log:\n{exporter.Log}");
            await Task.Delay(100);
        }

        rejections++;
        for (var i = 0; i < 5; i++)
        {
            var (again, text) = await GetAsync(exporter, "metrics");
            again.ShouldBe(HttpStatusCode.ServiceUnavailable);
            text.ShouldBe($"Limit of concurrent requests reached ({Limit}), try again later.\n");
            rejections++;
        }

        (await GetAsync(exporter, "")).Status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        rejections++;
        (await GetAsync(exporter, "-/healthy")).Status.ShouldBe(HttpStatusCode.OK);
        (await GetAsync(exporter, "-/ready")).Status.ShouldBe(HttpStatusCode.OK);

        // The held clients go away: their places come back.
        first.Dispose();
        second.Dispose();
        string after;
        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            (status, after) = await GetAsync(exporter, "metrics");
            if (status == HttpStatusCode.OK && Value(after, "portwatch_http_requests_in_flight") == 1)
            {
                break;
            }

            // Until the exporter notices that a held client went, a request can still be turned away: count it too.
            if (status == HttpStatusCode.ServiceUnavailable)
            {
                rejections++;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, $"the held requests never gave their places back; last status {status}");
            await Task.Delay(100);
        }

        Value(after, "portwatch_http_requests_rejected_total").ShouldBe(rejections);
        (await GetAsync(exporter, "")).Status.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(ExporterProcess exporter, string path)
    {
        using var response = await exporter.Http.GetAsync(path, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static double? Value(string body, string metric) =>
        Scrape.Series(body, metric) is [var only] ? only.Value : null;
}

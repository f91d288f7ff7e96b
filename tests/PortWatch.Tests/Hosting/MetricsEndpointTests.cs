using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http;
using PortWatch.Exposition;
using PortWatch.Hosting;
using PortWatch.Scanning;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Hosting;

public sealed class MetricsEndpointTests
{
    [Theory]
    [InlineData("gzip", true)]
    [InlineData("gzip;q=0", false)]
    [InlineData("gzip; q=0.0", false)]
    [InlineData("gzip;q=0.001", true)]
    [InlineData("deflate, gzip;q=0.5", true)]
    [InlineData("deflate, br", false)]
    [InlineData("*", true)]
    [InlineData("*;q=0", false)]
    [InlineData("identity", false)]
    [InlineData("", false)]
    [InlineData("x-gzip", false)]
    [InlineData("gzip;q=1.0, identity;q=0.5", true)]
    [InlineData("GZIP", true)]
    public void AcceptsGzip_AcceptEncoding_SaysWhetherGzipIsWelcome(string header, bool accepts)
    {
        MetricsEndpoint.AcceptsGzip([header]).ShouldBe(accepts);
    }

    [Fact]
    public void AcceptsGzip_NoHeader_IsFalse()
    {
        MetricsEndpoint.AcceptsGzip([]).ShouldBeFalse();
    }

    [Fact]
    public void AcceptsGzip_SeveralHeaderLines_AreAllRead()
    {
        MetricsEndpoint.AcceptsGzip(["deflate", null, "gzip"]).ShouldBeTrue();
    }

    [Fact]
    public async Task HandleAsync_PlainRequest_ServesTheLatestScanInTheTextFormat()
    {
        var latest = Published("portwatch_scan_success");
        var context = Context(acceptEncoding: null);

        await new MetricsEndpoint(latest).HandleAsync(context);

        context.Response.ContentType.ShouldBe("text/plain; version=0.0.4; charset=utf-8");
        context.Response.Headers.ContentEncoding.ToString().ShouldBeEmpty();
        var text = Body(context);
        text.ShouldContain("portwatch_scan_success 1\n");
        text.ShouldContain("# TYPE portwatch_build_info gauge\n");
        text.ShouldContain("# TYPE process_cpu_seconds_total counter\n");
        text.IndexOf("portwatch_build_info", StringComparison.Ordinal).ShouldBeLessThan(text.IndexOf("portwatch_scan_success", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HandleAsync_GzipAccepted_ServesGzip()
    {
        var context = Context(acceptEncoding: "gzip");

        await new MetricsEndpoint(Published("portwatch_scan_success")).HandleAsync(context);

        context.Response.Headers.ContentEncoding.ToString().ShouldBe("gzip");
        context.Response.Headers.Vary.ToString().ShouldBe("Accept-Encoding");
        context.Response.Body.Position = 0;
        using var gzip = new GZipStream(context.Response.Body, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        (await reader.ReadToEndAsync(TestContext.Current.CancellationToken)).ShouldContain("portwatch_scan_success 1\n");
    }

    [Fact]
    public async Task HandleAsync_BeforeTheFirstScan_Answers503WithoutMetrics()
    {
        var context = Context(acceptEncoding: null);

        await new MetricsEndpoint(new LatestScan()).HandleAsync(context);

        context.Response.StatusCode.ShouldBe(503);
        var text = Body(context);
        text.ShouldContain("first scan has not finished");
        text.ShouldNotContain("portwatch_");
    }

    private static LatestScan Published(string name)
    {
        var latest = new LatestScan();
        var result = new ScanResult(DateTimeOffset.UnixEpoch, true, null, null, [], null, null, new Dictionary<ScanStage, TimeSpan>(), new Dictionary<string, int>(), [], 0);
        latest.Publish(new PublishedScan(result, [], [RenderedFamily.Of(new MetricFamily(name, MetricType.Gauge, "h").Add(1))]));
        return latest;
    }

    private static DefaultHttpContext Context(string? acceptEncoding)
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        if (acceptEncoding is not null)
        {
            context.Request.Headers.AcceptEncoding = acceptEncoding;
        }

        return context;
    }

    private static string Body(DefaultHttpContext context) =>
        Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
}

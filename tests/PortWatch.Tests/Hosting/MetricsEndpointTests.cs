using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http;
using PortWatch.Exposition;
using PortWatch.Hosting;
using PortWatch.Scanning;
using PortWatch.Tests.TestSupport;
using PortWatch.TestSupport;
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
    public async Task HandleAsync_PlainRequest_ServesListenerFamiliesThenTheRegistryInTheTextFormat()
    {
        var context = Context(acceptEncoding: null);

        await Endpoint().HandleAsync(context);

        context.Response.StatusCode.ShouldBe(200);
        context.Response.ContentType.ShouldBe("text/plain; version=0.0.4; charset=utf-8");
        context.Response.Headers.ContentEncoding.ToString().ShouldBeEmpty();
        var text = Body(context);
        text.ShouldStartWith("# HELP portwatch_listener_first_seen_timestamp_seconds ");
        text.ShouldContain("portwatch_listener_info{protocol=\"tcp\",family=\"ipv4\",address=\"0.0.0.0\",port=\"22\"");
        text.ShouldContain("portwatch_scan_success 1\n");
        text.ShouldContain("# TYPE process_cpu_seconds_total counter\n");
        text.ShouldNotContain("# EOF");
        ExpositionText.Families(text).ShouldBeUnique();
    }

    [Theory]
    [InlineData("application/openmetrics-text; version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1")] // Prometheus 2.42's header.
    [InlineData("application/openmetrics-text")]
    public async Task HandleAsync_OpenMetricsAsked_ServesOpenMetricsEndingInEofOnce(string accept)
    {
        var context = Context(acceptEncoding: null);
        context.Request.Headers.Accept = accept;

        await Endpoint().HandleAsync(context);

        context.Response.ContentType.ShouldBe("application/openmetrics-text; version=1.0.0; charset=utf-8");
        var text = Body(context);
        text.ShouldStartWith("# HELP portwatch_listener_first_seen_timestamp_seconds ");
        text.ShouldEndWith("# EOF\n");
        text.Split("# EOF").Length.ShouldBe(2);
        text.ShouldContain("# TYPE portwatch_scans counter\nportwatch_scans_total 1");
    }

    [Fact]
    public async Task HandleAsync_GzipAccepted_ServesOneGzipMemberOfTheWholeExposition()
    {
        var plain = Context(acceptEncoding: null);
        var zipped = Context(acceptEncoding: "gzip");
        var endpoint = Endpoint();

        await endpoint.HandleAsync(plain);
        await endpoint.HandleAsync(zipped);

        zipped.Response.Headers.ContentEncoding.ToString().ShouldBe("gzip");
        zipped.Response.Headers.Vary.ToString().ShouldBe("Accept, Accept-Encoding");
        var bytes = ((MemoryStream)zipped.Response.Body).ToArray();
        bytes.AsSpan(0, 2).ToArray().ShouldBe(new byte[] { 0x1f, 0x8b });
        var text = Gunzip(bytes);
        WithoutProcess(text).ShouldBe(WithoutProcess(Body(plain)));
        BitConverter.ToUInt32(bytes, bytes.Length - 4).ShouldBe((uint)Encoding.UTF8.GetByteCount(text));
    }

    [Fact]
    public async Task HandleAsync_BeforeTheFirstScan_Answers503WithoutMetrics()
    {
        var context = Context(acceptEncoding: null);

        await new MetricsEndpoint(new LatestScan(), Metrics()).HandleAsync(context);

        context.Response.StatusCode.ShouldBe(503);
        var text = Body(context);
        text.ShouldContain("first scan has not finished");
        text.ShouldNotContain("portwatch_");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("gzip")]
    public async Task HandleAsync_LargeExposition_IsWrittenASliceAtATimeSoThatAResponseHoldsNoCopyOfIt(string? acceptEncoding)
    {
        // Process names of random letters, so that even compressed the families take several slices.
        var random = new Random(42);
        var listeners = Enumerable.Range(2000, 5000)
            .Select(port => TestListeners.Listener("tcp", "0.0.0.0", port, [new(port, string.Concat(Enumerable.Range(0, 15).Select(_ => (char)random.Next('a', 'z' + 1))))]))
            .ToArray();
        var result = TestListeners.Result(listeners);
        var latest = new LatestScan();
        var exposition = ListenerExposition.Build(result.Listeners);
        latest.Publish(new PublishedScan(result, exposition));
        var context = new DefaultHttpContext();
        var body = new WriteRecorder();
        context.Response.Body = body;
        if (acceptEncoding is not null)
        {
            context.Request.Headers.AcceptEncoding = acceptEncoding;
        }

        await new MetricsEndpoint(latest, Metrics()).HandleAsync(context);

        var families = acceptEncoding is null ? exposition.Get(Prometheus.ExpositionFormat.PrometheusText).Length : exposition.GetDeflated(Prometheus.ExpositionFormat.PrometheusText).Blocks.Length;
        families.ShouldBeGreaterThan(acceptEncoding is null ? 10 * ExpositionPrefixStream.SliceBytes : ExpositionPrefixStream.SliceBytes);
        body.Largest.ShouldBeLessThanOrEqualTo(ExpositionPrefixStream.SliceBytes);
        var text = acceptEncoding is null ? Encoding.UTF8.GetString(body.ToArray()) : Gunzip(body.ToArray());
        text.ShouldContain("portwatch_listener_info{protocol=\"tcp\",family=\"ipv4\",address=\"0.0.0.0\",port=\"6999\"");
        text.ShouldContain("portwatch_scans_total");
    }

    private static ExporterMetrics Metrics() => new TestMetrics(new ScanOptions(), TestRegistry.Small(), withProcess: true).Metrics;

    private static MetricsEndpoint Endpoint()
    {
        var latest = new LatestScan();
        var metrics = new TestMetrics(new ScanOptions(), TestRegistry.Small(), withProcess: true);
        var result = TestListeners.Result(TestListeners.Listener("tcp", "0.0.0.0", 22, [new(1, "sshd")]));
        metrics.Scan.RecordScan(result);
        metrics.Scan.RecordPublished(result, TimeSpan.Zero);
        metrics.Listeners.RecordPublished(result);
        latest.Publish(new PublishedScan(result, ListenerExposition.Build(result.Listeners)));
        return new MetricsEndpoint(latest, metrics.Metrics);
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

    /// <summary>A response body that keeps what is written and the size of the largest write.</summary>
    private sealed class WriteRecorder : MemoryStream
    {
        public int Largest { get; private set; }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Largest = Math.Max(Largest, buffer.Length);
            return base.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Largest = Math.Max(Largest, count);
            return base.WriteAsync(buffer, offset, count, cancellationToken);
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Largest = Math.Max(Largest, count);
            base.Write(buffer, offset, count);
        }
    }

    private static string Gunzip(byte[] bytes)
    {
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    // The process and runtime families move between two scrapes.
    private static string WithoutProcess(string text) =>
        string.Join('\n', text.Split('\n').Where(l => !l.StartsWith("process_", StringComparison.Ordinal) && !l.StartsWith("dotnet_", StringComparison.Ordinal)));
}

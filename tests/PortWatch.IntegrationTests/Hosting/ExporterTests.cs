using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Hosting;

public sealed class ExporterTests
{
    [Fact]
    public async Task Metrics_RealListeners_MatchSsClassifiedAndPassPromtool()
    {
        Assert.SkipUnless(await TestListenerProcess.CanBindPrivilegedAsync(), Privileges.NeedsRootToBindPrivilegedPorts);
        var fixedPorts = ClassifiedListeners.Fixed;
        await using var owner = await TestListenerProcess.StartAsync(
            "pw-metrics-test"u8.ToArray(), [.. fixedPorts.Select(f => f.Spec), .. ClassifiedListeners.Ephemeral.Select(e => e.Spec)]);
        await using var exporter = await ExporterProcess.StartAsync();
        await exporter.ScrapeUntilAsync(body => owner.Listeners.All(Scrape.Listeners(body).Contains));

        var body = "";
        await HostListeners.ShouldMatchSsAsync(async () =>
        {
            // A scrape serves the latest scan; wait for a scan that started after ss was asked.
            var asked = Scrape.Series(await exporter.ScrapeAsync(), "portwatch_scans_total").Single().Value;
            body = await exporter.ScrapeUntilAsync(b => Scrape.Series(b, "portwatch_scans_total").Single().Value >= asked + 2);
            return Scrape.Listeners(body);
        });

        for (var i = 0; i < fixedPorts.Count; i++)
        {
            var labels = Scrape.Info(body, owner.Listeners[i]).ShouldNotBeNull();
            labels["exposure"].ShouldBe(fixedPorts[i].Exposure);
            labels["range"].ShouldBe(fixedPorts[i].Range);
            labels["iana_status"].ShouldBe(fixedPorts[i].Status);
            labels["iana_service"].ShouldBe(fixedPorts[i].Service);
            labels["process"].ShouldBe("pw-metrics-test");
            labels["expected"].ShouldBe("false");
        }

        var (exitCode, output) = await Promtool.CheckMetricsAsync(body);
        exitCode.ShouldBe(0, output);
        output.Trim().ShouldBeEmpty();
    }

    [Fact]
    public async Task Metrics_HostileProcessName_YieldsValidExposition()
    {
        // A quote, a backslash, a newline and bytes that are not UTF-8, in the 15 bytes the kernel keeps.
        byte[] name = [.. "a\"b\\c\nd"u8, 0xff, 0xfe, .. "{x}"u8];
        await using var owner = await TestListenerProcess.StartAsync(name, "tcp:127.0.0.1:0", "udp:[::1]:0");
        await using var exporter = await ExporterProcess.StartAsync();

        var body = await exporter.ScrapeUntilAsync(b => owner.Listeners.All(Scrape.Listeners(b).Contains));

        var (exitCode, output) = await Promtool.CheckMetricsAsync(body);
        exitCode.ShouldBe(0, output);
        output.Trim().ShouldBeEmpty();
        body.ShouldContain("process=\"a\\\"b\\\\x5cc\\\\x0ad\\\\xff\\\\xfe{x}\"");
        Scrape.Info(body, owner.Listeners[0])!["process"].ShouldBe("a\"b\\x5cc\\x0ad\\xff\\xfe{x}");
    }

    [Fact]
    public async Task Metrics_ContentTypeAndGzip_AsThePrometheusFormatSays()
    {
        await using var exporter = await ExporterProcess.StartAsync();

        using var plain = await exporter.Http.GetAsync("metrics");
        using var request = new HttpRequestMessage(HttpMethod.Get, "metrics");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        using var zipped = await exporter.Http.SendAsync(request);

        using var head = await exporter.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "metrics"));
        head.StatusCode.ShouldBe(HttpStatusCode.OK);
        plain.Content.Headers.ContentType!.ToString().ShouldBe("text/plain; version=0.0.4; charset=utf-8");
        plain.Content.Headers.ContentEncoding.ShouldBeEmpty();
        zipped.Content.Headers.ContentEncoding.ShouldBe(["gzip"]);
        await using var gzip = new GZipStream(await zipped.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        var unzipped = await new StreamReader(gzip).ReadToEndAsync();
        unzipped.ShouldContain("# TYPE portwatch_listener_info gauge");
        var (exitCode, output) = await Promtool.CheckMetricsAsync(unzipped);
        exitCode.ShouldBe(0, output);
    }

    [Fact]
    public async Task Endpoints_LandingHealthAndReady_Answer()
    {
        await using var exporter = await ExporterProcess.StartAsync("--web.telemetry-path=/prometheus/metrics");

        var landing = await exporter.Http.GetStringAsync("/");
        var healthy = await exporter.Http.GetAsync("-/healthy");
        var ready = await exporter.Http.GetAsync("-/ready");
        var moved = await exporter.Http.GetAsync("prometheus/metrics");
        var old = await exporter.Http.GetAsync("metrics");

        landing.ShouldContain("PortWatch");
        landing.ShouldContain("href=\"./prometheus/metrics\"");
        landing.ShouldContain("listeners (");
        healthy.StatusCode.ShouldBe(HttpStatusCode.OK);
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        moved.StatusCode.ShouldBe(HttpStatusCode.OK);
        old.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("logfmt")]
    [InlineData("json")]
    public async Task Log_Format_IsOursWithLevelAndMessage(string format)
    {
        await using var exporter = await ExporterProcess.StartAsync($"--log.format={format}");
        await exporter.ScrapeUntilAsync(_ => exporter.Log.Contains("first scan", StringComparison.Ordinal));

        var line = exporter.Log.Split('\n').First(l => l.Contains("first scan", StringComparison.Ordinal));
        if (format == "json")
        {
            using var entry = System.Text.Json.JsonDocument.Parse(line);
            entry.RootElement.GetProperty("level").GetString().ShouldBe("info");
            entry.RootElement.GetProperty("source").GetString().ShouldBe("ScanLoop");
            entry.RootElement.GetProperty("msg").GetString()!.ShouldStartWith("first scan: ");
            entry.RootElement.GetProperty("baseline").GetString()!.ShouldEndWith("Z");
        }
        else
        {
            line.ShouldMatch(@"^ts=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z level=info source=ScanLoop msg=""first scan: .*"" listeners=\d+ ");
        }
    }

    [Theory]
    [InlineData("192.0.2.1:10133")] // An address this host does not have (TEST-NET-1).
    [InlineData("127.0.0.1:{taken}")]
    public async Task Exporter_CannotListen_ExitsOneSayingWhy(string address)
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (exitCode, _, stderr) = await ProcessRunner.PortwatchAsync($"--web.listen-address={address.Replace("{taken}", port, StringComparison.Ordinal)}");

        exitCode.ShouldBe(1);
        stderr.ShouldContain("cannot listen");
        stderr.ShouldNotContain("   at "); // One line, no stack trace.
    }

    [Fact]
    public async Task Exporter_DefaultArguments_ServesMetricsOn10133()
    {
        // The README's run command: no flags at all.
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(RepositoryPaths.Dotnet, [RepositoryPaths.Exporter])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            string? body = null;
            for (var attempt = 0; attempt < 100 && body?.Contains("portwatch_listener_info", StringComparison.Ordinal) != true; attempt++)
            {
                try
                {
                    body = await http.GetStringAsync("http://127.0.0.1:10133/metrics");
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200);
                }
            }

            body.ShouldNotBeNull("nothing answered on :10133");
            body.ShouldContain("portwatch_build_info");
            body.ShouldContain("portwatch_registry_info{source=\"embedded\"");
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }
}

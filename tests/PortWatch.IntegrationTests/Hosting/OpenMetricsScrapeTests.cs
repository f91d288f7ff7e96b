using System.Globalization;
using System.Net.Http.Headers;
using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Hosting;

/// <summary>
/// A real Prometheus scraping the exporter: it asks for OpenMetrics (its Accept header, recorded by a second
/// target), the exporter answers that header with OpenMetrics, and Prometheus stores every listener series.
/// </summary>
public sealed class OpenMetricsScrapeTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("portwatch-openmetrics-").FullName;

    [Fact]
    public async Task Prometheus_ScrapesTheOpenMetricsForm_UpAndEveryListenerSeries()
    {
        await using var owner = await TestListenerProcess.StartAsync("pw-om-test"u8.ToArray(), "tcp:127.0.0.1:0", "udp:[::1]:0", "tcp:[::]:0");
        await using var exporter = await ExporterProcess.StartAsync();
        await using var recorder = new HeaderRecorder();
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: portwatch
                static_configs:
                  - targets: ['127.0.0.1:{exporter.Port}']
              - job_name: recorder
                static_configs:
                  - targets: ['127.0.0.1:{recorder.Port}']
            """));
        await using var prometheus = await ServerProcess.StartAsync("prometheus", (port, data) =>
        [
            $"--config.file={config}", $"--storage.tsdb.path={data}", $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
        ]);
        await exporter.ScrapeUntilAsync(b => owner.Listeners.All(Scrape.Listeners(b).Contains));
        var instance = $"127.0.0.1:{exporter.Port.ToString(CultureInfo.InvariantCulture)}";

        // Every listener the exporter serves, in Prometheus, under a scrape that is up.
        var served = Scrape.Listeners(await exporter.ScrapeAsync());
        await WaitForAsync(prometheus, $"up{{instance=\"{instance}\"}} == 1", 1);
        await WaitForAsync(prometheus, $"portwatch_listener_info{{instance=\"{instance}\"}}", served.Count);
        foreach (var listener in owner.Listeners)
        {
            await WaitForAsync(prometheus, string.Create(CultureInfo.InvariantCulture,
                $"portwatch_listener_info{{instance=\"{instance}\",protocol=\"{listener.Protocol}\",family=\"{listener.Family}\",address=\"{listener.Address}\",port=\"{listener.Port}\",process=\"pw-om-test\"}}"), 1);
        }

        // What Prometheus asked for, and what the exporter answers to exactly that.
        for (var wait = 0; wait < 120 && recorder.Requests.Count == 0; wait++)
        {
            await Task.Delay(250); // Prometheus spreads its targets' first scrapes over the interval.
        }

        var accept = recorder.Requests.Select(AcceptOf).FirstOrDefault(a => a is not null);
        accept.ShouldNotBeNull($"no request with an Accept header reached the recorder: {string.Join("\n---\n", recorder.Requests)}\n{await prometheus.Http.GetStringAsync("api/v1/targets")}");
        accept.ShouldStartWith("application/openmetrics-text");
        using var request = new HttpRequestMessage(HttpMethod.Get, "metrics");
        request.Headers.TryAddWithoutValidation("Accept", accept).ShouldBeTrue();
        using var response = await exporter.Http.SendAsync(request);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/openmetrics-text");
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldEndWith("# EOF\n");
        owner.Listeners.ShouldAllBe(l => Scrape.Listeners(body).Contains(l));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static string? AcceptOf(string head) =>
        head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Accept:", StringComparison.OrdinalIgnoreCase))?["Accept:".Length..].Trim();

    private static async Task WaitForAsync(ServerProcess prometheus, string query, int series)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var response = await PrometheusApi.QueryAsync(prometheus.Http, query);
            if (response.GetProperty("status").GetString() == "success" && PrometheusApi.ResultCount(response) >= series)
            {
                return;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Prometheus did not return {series} series for {query} within 60 s:\n{prometheus.Log}");
    }
}

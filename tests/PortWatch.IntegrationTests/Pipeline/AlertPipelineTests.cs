using System.Globalization;
using System.Text.RegularExpressions;
using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Pipeline;

/// <summary>
/// The path the product exists for, with the real servers: a listener on an unassigned well-known port is
/// scanned by the exporter, scraped and evaluated by Prometheus with the bundled rules, routed by
/// Alertmanager with the example routing, and paged to a webhook; closing it resolves the page. Listeners on
/// an assigned port and on an expected one page nobody. Every dashboard query runs against that Prometheus.
/// </summary>
public sealed partial class AlertPipelineTests(ITestOutputHelper output) : IDisposable
{
    private const string Alert = "PortwatchUnassignedWellKnownListener";
    private readonly string directory = Directory.CreateTempSubdirectory("portwatch-pipeline-").FullName;

    [Fact]
    public async Task UnassignedWellKnownListener_PagesThenResolves_QuietListenersDoNot_DashboardsQuery()
    {
        Assert.SkipUnless(await TestListenerProcess.CanBindPrivilegedAsync(), Privileges.NeedsRootToBindPrivilegedPorts);
        await using var webhook = await WebhookReceiver.StartAsync();
        await using var alertmanager = await PipelineServers.StartAlertmanagerAsync(webhook, directory);
        var config = Path.Combine(directory, "portwatch.yml");
        await File.WriteAllTextAsync(config, "expected:\n  - {protocol: tcp, port: 14}\n");
        // A short retention, so that closing the listener resolves the page within the test (the default keeps it 5 minutes).
        await using var exporter = await ExporterProcess.StartAsync($"--config.file={config}", "--scan.interval=1s", "--scan.retention=10s");
        await using var prometheus = await PipelineServers.StartPrometheusAsync(exporter, alertmanager, directory);
        var instance = $"127.0.0.1:{exporter.Port.ToString(CultureInfo.InvariantCulture)}";
        await PipelineServers.WaitForAsync(prometheus, $"portwatch_baseline_timestamp_seconds{{job=\"portwatch\",instance=\"{instance}\"}}", 1);

        // An assigned port (13, daytime) and an expected one (14, in the config's expected: list) page nobody.
        await using (var quiet = await TestListenerProcess.StartAsync("pw-quiet"u8.ToArray(), "tcp:0.0.0.0:13", "tcp:0.0.0.0:14"))
        {
            await PipelineServers.WaitForAsync(prometheus, "portwatch_listener_info{port=~\"13|14\"}", 2);
            await Task.Delay(TimeSpan.FromSeconds(5)); // Several evaluations and Alertmanager flushes.
            (await FiringAsync(prometheus)).ShouldBeEmpty();

            // The page: TCP 12 on every address.
            var opened = DateTimeOffset.UtcNow;
            await using var intruder = await TestListenerProcess.StartAsync("pw-intruder"u8.ToArray(), "tcp:0.0.0.0:12");
            var page = await webhook.WaitForAsync(
                n => n.Receiver == "pager" && n.Status == "firing" && n.Labels["alertname"] == Alert && n.Labels.GetValueOrDefault("port") == "12",
                TimeSpan.FromSeconds(60));
            var pageLatency = page.ReceivedAt - opened;
            output.WriteLine($"page arrived {pageLatency.TotalSeconds:F2} s after TCP 12 opened");

            page.Labels["severity"].ShouldBe("critical");
            page.Labels["job"].ShouldBe("portwatch");
            page.Labels["instance"].ShouldBe(instance);
            page.Labels["protocol"].ShouldBe("tcp");
            page.Labels["family"].ShouldBe("ipv4");
            page.Labels["address"].ShouldBe("0.0.0.0");
            page.Labels["process"].ShouldBe("pw-intruder");

            // Every dashboard query, while the page is open, so that the listener panels have data to show.
            await RunDashboardQueriesAsync(prometheus);

            // Closing the listener resolves the page.
            var closed = DateTimeOffset.UtcNow;
            await intruder.DisposeAsync();
            var resolved = await webhook.WaitForAsync(
                n => n.Receiver == "pager" && n.Status == "resolved" && n.Labels["alertname"] == Alert && n.Labels.GetValueOrDefault("port") == "12",
                TimeSpan.FromSeconds(90));
            var resolution = resolved.ReceivedAt - closed;
            output.WriteLine($"resolution arrived {resolution.TotalSeconds:F2} s after TCP 12 closed (retention 10 s)");
            resolution.ShouldBeGreaterThan(TimeSpan.FromSeconds(9)); // Kept for the retention period, with its last-seen time.
        }

        webhook.Received.Where(n => n.Receiver == "pager" && n.Labels.GetValueOrDefault("port") is "13" or "14").ShouldBeEmpty();
        webhook.Received.Where(n => n.Receiver == "pager").ShouldAllBe(n => n.Labels.GetValueOrDefault("port") == "12");
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private async Task RunDashboardQueriesAsync(ServerProcess prometheus)
    {
        var panels = 0;
        var queries = 0;
        foreach (var dashboard in new[] { "portwatch-fleet.json", "portwatch-host.json" })
        {
            var path = RepositoryPaths.InRoot("dashboards", dashboard);
            panels += DashboardQueries.PanelCount(path);
            foreach (var query in DashboardQueries.Load(path))
            {
                Unsubstituted().IsMatch(query.Expr).ShouldBeFalse($"a variable is left in {query}");
                var response = query.Instant
                    ? await PrometheusApi.QueryAsync(prometheus.Http, query.Expr)
                    : await PrometheusApi.QueryRangeAsync(prometheus.Http, query.Expr, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(1));
                response.GetProperty("status").GetString().ShouldBe("success", $"{query}: {response}");
                if (query.ConcernsListeners)
                {
                    PrometheusApi.ResultCount(response).ShouldBeGreaterThan(0, $"no data for {query}");
                }

                // Filtered by job and instance: a job or an instance that matches nothing leaves nothing but the
                // constant fallbacks some panels add (`or vector(0)`).
                foreach (var (job, instance) in new[] { ("nomatch", ".*"), (".*", "nomatch") })
                {
                    var filtered = query.Instant
                        ? await PrometheusApi.QueryAsync(prometheus.Http, DashboardQueries.Substitute(query.Template, job, instance))
                        : await PrometheusApi.QueryRangeAsync(prometheus.Http, DashboardQueries.Substitute(query.Template, job, instance), TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(1));
                    PrometheusApi.HasOnlyZeroConstants(filtered).ShouldBeTrue($"{query} is not filtered by job=~{job}, instance=~{instance}: {filtered}");
                }

                queries++;
            }
        }

        output.WriteLine($"{queries} dashboard queries of {panels} panels ran without error");
        queries.ShouldBeGreaterThan(0);
    }

    private static async Task<List<string>> FiringAsync(ServerProcess prometheus) =>
        [.. (await PrometheusApi.AlertsAsync(prometheus.Http)).EnumerateArray()
            .Where(a => a.GetProperty("labels").GetProperty("alertname").GetString() is Alert or "PortwatchReservedPortListener")
            .Select(a => a.GetProperty("labels").ToString())];

    [GeneratedRegex(@"\$\{?[A-Za-z_]")]
    private static partial Regex Unsubstituted();
}

using System.Globalization;
using System.Text.RegularExpressions;
using Shouldly;

namespace PortWatch.IntegrationTests.Infrastructure;

/// <summary>Alertmanager with the pack's example routing (its webhooks pointed at a test receiver) and Prometheus with the pack's rules.</summary>
internal static class PipelineServers
{
    public static async Task<ServerProcess> StartAlertmanagerAsync(WebhookReceiver webhook, string directory)
    {
        var example = await File.ReadAllTextAsync(RepositoryPaths.InRoot("alerts", "alertmanager.example.yml"));
        var config = Regex.Replace(example, @"(?m)^(\s*- url: ).*# PORTWATCH_PAGER_URL$", $"$1{webhook.Url("pager")}");
        config = Regex.Replace(config, @"(?m)^(\s*- url: ).*# PORTWATCH_TICKET_URL$", $"$1{webhook.Url("ticket")}");
        config.ShouldContain(webhook.Url("pager"));
        var file = Path.Combine(directory, "alertmanager.yml");
        await File.WriteAllTextAsync(file, config);
        return await ServerProcess.StartAsync("prometheus-alertmanager", (port, data) =>
        [
            $"--config.file={file}", $"--storage.path={data}", $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            "--cluster.listen-address=",
        ]);
    }

    /// <summary>Prometheus scraping the exporter as job "portwatch" every <paramref name="interval"/>, and evaluating the rules as often.</summary>
    public static async Task<ServerProcess> StartPrometheusAsync(ExporterProcess exporter, ServerProcess alertmanager, string directory, string interval = "1s")
    {
        var file = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(file, string.Create(CultureInfo.InvariantCulture, $"""
            global:
              scrape_interval: {interval}
              evaluation_interval: {interval}
            rule_files:
              - {RepositoryPaths.InRoot("alerts", "portwatch.rules.yml")}
            alerting:
              alertmanagers:
                - static_configs:
                    - targets: ['127.0.0.1:{alertmanager.Port}']
            scrape_configs:
              - job_name: portwatch
                static_configs:
                  - targets: ['127.0.0.1:{exporter.Port}']
            """));
        return await ServerProcess.StartAsync("prometheus", (port, data) =>
        [
            $"--config.file={file}", $"--storage.tsdb.path={data}", $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
        ]);
    }

    /// <summary>Waits until a query returns at least <paramref name="series"/> series.</summary>
    public static async Task WaitForAsync(ServerProcess prometheus, string query, int series, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            var response = await PrometheusApi.QueryAsync(prometheus.Http, query);
            if (response.GetProperty("status").GetString() == "success" && PrometheusApi.ResultCount(response) >= series)
            {
                return;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Prometheus did not return {series} series for {query} in time:\n{prometheus.Log}");
    }
}

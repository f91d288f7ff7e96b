using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PortWatch.IntegrationTests.Infrastructure;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Security;

/// <summary>
/// Issue 15, item 4: 400 connections sending wrong passwords as fast as they are answered, against the real exporter
/// (basic auth at bcrypt cost 10, plain HTTP), while a real Prometheus scrapes it every second with the right
/// password, and the web configuration is re-read in the middle of it (as a certificate rotation does). Prometheus
/// must keep <c>up == 1</c> throughout.
/// </summary>
public sealed class BcryptFloodTests : IDisposable
{
    private const string User = "prometheus";
    private const string Password = "s3cret-Passw0rd";
    private const int Connections = 400;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(15);
    private readonly string directory = Directory.CreateTempSubdirectory("portwatch-flood-test-").FullName;

    [Fact]
    public async Task Prometheus_KeepsUpDuringAWrongPasswordFloodAndAReload()
    {
        var file = Path.Combine(directory, "web.yml");
        await File.WriteAllTextAsync(file, $"basic_auth_users:\n  {User}: '{Htpasswd.Hash(Password, 10)}'\n", TestContext.Current.CancellationToken);
        var credentials = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));
        await using var exporter = await ExporterProcess.StartWithAsync(new ExporterClient("http", () => new SocketsHttpHandler(), credentials), $"--web.config.file={file}");
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: portwatch
                basic_auth:
                  username: {User}
                  password: {Password}
                static_configs:
                  - targets: ['127.0.0.1:{exporter.Port.ToString(CultureInfo.InvariantCulture)}']
            """, TestContext.Current.CancellationToken);
        await using var prometheus = await ServerProcess.StartAsync("prometheus", (port, data) =>
        [
            $"--config.file={config}", $"--storage.tsdb.path={data}", $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
        ]);
        await PipelineServers.WaitForAsync(prometheus, "up{job=\"portwatch\"} == 1", 1);

        var statuses = new ConcurrentDictionary<string, long>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        using var flood = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Connections }) { BaseAddress = exporter.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        flood.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:wrong")));
        var sent = 0L;
        var clients = Enumerable.Range(0, Connections).Select(_ => Task.Run(() => FloodAsync(flood, statuses, () => Interlocked.Increment(ref sent), stop.Token))).ToList();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (Interlocked.Read(ref sent) < Connections)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the flood did not get going");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        // A reload in the middle of the flood, the users unchanged (what a certificate rotation is to the cache).
        await File.AppendAllTextAsync(file, "# re-read during the flood\n", TestContext.Current.CancellationToken);
        await exporter.WaitForLogAsync("re-read the web configuration file");
        var start = DateTimeOffset.UtcNow;
        await Task.Delay(Window, TestContext.Current.CancellationToken); // how long the flood runs, not a wait for a condition

        var end = DateTimeOffset.UtcNow;
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        var range = $"[{((int)(end - start).TotalSeconds).ToString(CultureInfo.InvariantCulture)}s] @ {end.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";
        var up = await ValueAsync(prometheus, $"min_over_time(up{{job=\"portwatch\"}}{range})");
        var scrapes = await ValueAsync(prometheus, $"count_over_time(up{{job=\"portwatch\"}}{range})");
        var slowest = await ValueAsync(prometheus, $"max_over_time(scrape_duration_seconds{{job=\"portwatch\"}}{range})");
        var throttled = Scrape.Series(await exporter.ScrapeAsync(), "portwatch_basic_auth_throttled_total").SingleOrDefault().Value;
        var figures = string.Join(", ", statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}: {s.Value.ToString(CultureInfo.InvariantCulture)}"));
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"flood of {Connections} connections for {(end - start).TotalSeconds:0.0} s after the reload: min(up) {up}, {scrapes} scrapes, slowest {slowest:0.000} s; responses {figures}; portwatch_basic_auth_throttled_total {throttled}"));

        up.ShouldBe(1, $"Prometheus lost the target during the flood ({scrapes} scrapes, slowest {slowest} s; {figures})");
        scrapes.ShouldBeGreaterThanOrEqualTo(Window.TotalSeconds - 3);
        statuses.GetValueOrDefault("429").ShouldBeGreaterThan(0, figures);
        statuses.GetValueOrDefault("401").ShouldBeGreaterThan(0, figures);
        statuses.Keys.ShouldBeSubsetOf(["401", "429"], figures);
        throttled.ShouldBeGreaterThanOrEqualTo(statuses["429"]);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static async Task FloodAsync(HttpClient client, ConcurrentDictionary<string, long> statuses, Action sent, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            string outcome;
            try
            {
                sent();
                using var response = await client.GetAsync("metrics", stop);
                outcome = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException e)
            {
                outcome = $"error {e.HttpRequestError}";
            }

            statuses.AddOrUpdate(outcome, 1, (_, n) => n + 1);
        }
    }

    private static async Task<double> ValueAsync(ServerProcess prometheus, string query)
    {
        var response = await PrometheusApi.QueryAsync(prometheus.Http, query);
        response.GetProperty("status").GetString().ShouldBe("success", query);
        var result = response.GetProperty("data").GetProperty("result");
        result.GetArrayLength().ShouldBe(1, query);
        return double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }
}

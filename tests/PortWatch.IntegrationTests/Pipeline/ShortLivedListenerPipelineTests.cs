using System.Diagnostics;
using System.Globalization;
using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Pipeline;

/// <summary>
/// A listener that lives 50 ms on an unassigned well-known port pages, with the exporter on its defaults and
/// Prometheus scraping and evaluating every 15 s, and at its own one-minute default: the kernel's destroy event
/// records it between two scans (with the tracer off), and the retention keeps it until a scrape has carried it to
/// the rules. With the tracer (the default, as root), one that lives 1 ms pages with its process in the labels.
/// </summary>
public sealed class ShortLivedListenerPipelineTests(ITestOutputHelper output) : IDisposable
{
    private const string Alert = "PortwatchUnassignedWellKnownListener";
    private readonly string directory = Directory.CreateTempSubdirectory("portwatch-short-lived-").FullName;

    [Theory]
    [InlineData("15s", 50, false)]
    [InlineData("1m", 50, false)]
    [InlineData("15s", 1, true)]
    public async Task ShortLivedListener_OnDefaults_Pages(string prometheusInterval, int lifetimeMs, bool tracer)
    {
        Assert.SkipUnless(await TestListenerProcess.CanBindPrivilegedAsync(), Privileges.NeedsRootToBindPrivilegedPorts);
        await using var webhook = await WebhookReceiver.StartAsync();
        await using var alertmanager = await PipelineServers.StartAlertmanagerAsync(webhook, directory);
        await using var exporter = tracer ? await ExporterProcess.StartAsync(defaults: true) : await ExporterProcess.StartAsync(defaults: true, "--scan.tracer=none");
        await using var prometheus = await PipelineServers.StartPrometheusAsync(exporter, alertmanager, directory, prometheusInterval);
        var instance = $"127.0.0.1:{exporter.Port.ToString(CultureInfo.InvariantCulture)}";
        var interval = TimeSpan.FromSeconds(prometheusInterval == "1m" ? 60 : 15);
        await PipelineServers.WaitForAsync(prometheus, $"up{{instance=\"{instance}\"}} == 1", 1, interval * 3);

        // Scans run every second; open the listener just after one finishes so that no scan can see it open and
        // only its destroy event can record it (what this test is about).
        await WaitForNextScanAsync(exporter);
        var lived = Stopwatch.StartNew();
        await using (var intruder = await TestListenerProcess.OpenBrieflyAsync("pw-blink"u8.ToArray(), TimeSpan.FromMilliseconds(lifetimeMs), "tcp:0.0.0.0:12"))
        {
            await intruder.WaitForExitAsync();
        }

        output.WriteLine($"TCP 12 was open about {lifetimeMs} ms; its process was gone {lived.ElapsedMilliseconds} ms after it opened");
        var page = await webhook.WaitForAsync(
            n => n.Receiver == "pager" && n.Status == "firing" && n.Labels["alertname"] == Alert && n.Labels.GetValueOrDefault("port") == "12",
            interval * 3 + TimeSpan.FromSeconds(60));
        output.WriteLine($"with Prometheus at {prometheusInterval}, the page arrived {lived.Elapsed.TotalSeconds:F1} s after the listener opened");

        page.Labels["severity"].ShouldBe("critical");
        page.Labels["instance"].ShouldBe(instance);
        page.Labels["protocol"].ShouldBe("tcp");
        page.Labels["address"].ShouldBe("0.0.0.0");
        if (tracer)
        {
            page.Labels["process"].ShouldBe("pw-blink"); // The tracer named it the moment it opened.
            return;
        }

        page.Labels["process"].ShouldBe("unknown"); // No scan saw it open; its destroy event carries no owner.
        exporter.Log.ShouldContain("short-lived listener tcp 0.0.0.0:12 opened and closed between two scans");
    }

    private static async Task WaitForNextScanAsync(ExporterProcess exporter)
    {
        var before = ScansTotal(await exporter.ScrapeAsync());
        var deadline = Stopwatch.StartNew();
        while (ScansTotal(await exporter.ScrapeAsync()) == before)
        {
            deadline.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10), "the exporter stopped scanning");
            await Task.Delay(5);
        }
    }

    private static string ScansTotal(string exposition) =>
        exposition.Split('\n').Single(line => line.StartsWith("portwatch_scans_total ", StringComparison.Ordinal));

    public void Dispose() => Directory.Delete(directory, recursive: true);
}

using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Hosting;

/// <summary>--scan.max-listeners against the real exporter and real sockets: what is kept, what is counted, what is said.</summary>
public sealed class ListenerLimitTests : IDisposable
{
    private const int Max = 5;
    private readonly string directory = Directory.CreateTempSubdirectory("portwatch-limit-").FullName;

    [Fact]
    public async Task Metrics_MoreRealListenersThanTheLimit_KeepWhatPagesThenUnexpectedOnesAndCountEveryListener()
    {
        Assert.SkipUnless(await TestListenerProcess.CanBindPrivilegedAsync(), Privileges.NeedsRootToBindPrivilegedPorts);
        // Ten expected listeners and twenty unexpected ones, there from the first scan.
        await using var expected = await TestListenerProcess.StartAsync("pw-limit-exp"u8.ToArray(), [.. Enumerable.Repeat("tcp:127.0.0.1:0", 10)]);
        await using var flood = await TestListenerProcess.StartAsync("pw-limit-flood"u8.ToArray(), [.. Enumerable.Repeat("tcp:127.0.0.1:0", 20)]);
        var config = Path.Combine(directory, "portwatch.yml");
        await File.WriteAllTextAsync(config, "expected:\n  - {process: pw-limit-exp}\n", TestContext.Current.CancellationToken);
        await using var exporter = await ExporterProcess.StartAsync($"--config.file={config}", "--scan.namespaces=host", $"--scan.max-listeners={Max}");
        await exporter.ScrapeUntilAsync(b => Dropped(b, "expected") == 10);

        // Then one that would page, on UDP (last in listing order) and the newest: only its class can keep it.
        await using var pages = await TestListenerProcess.StartAsync("pw-limit-page"u8.ToArray(), "udp:127.0.0.1:26");

        // The counts and the series of one scan (a scrape in between two publishes could mix two).
        var body = await exporter.ScrapeUntilAsync(b =>
            Total(b, "portwatch_listeners") - Total(b, "portwatch_listeners_dropped") == Scrape.Series(b, "portwatch_listener_info").Count
            && Scrape.Series(b, "portwatch_listener_info").Any(s => s.Labels["port"] == "26"));

        var info = Scrape.Series(body, "portwatch_listener_info").Select(s => s.Labels).ToList();
        info.Count.ShouldBe(Max);
        info.ShouldContain(l => l["protocol"] == "udp" && l["port"] == "26" && l["process"] == "pw-limit-page" && l["range"] == "system" && l["iana_status"] == "unassigned");
        info.ShouldAllBe(l => l["expected"] == "false", "expected listeners are the last kept: twenty unexpected ones fill the places after the one that pages");
        Scrape.Series(body, "portwatch_listener_first_seen_timestamp_seconds").Count.ShouldBe(Max);
        Total(body, "portwatch_listeners").ShouldBeGreaterThanOrEqualTo(31, "portwatch_listeners counts every listener, those left out too");
        Dropped(body, "pages").ShouldBe(0);
        Dropped(body, "expected").ShouldBe(10);
        Dropped(body, "unexpected").ShouldBeGreaterThanOrEqualTo(16);
        Scrape.Series(body, "portwatch_listener_drops_total").Where(s => s.Labels["class"] == "expected").Single().Value.ShouldBe(10);
        Scrape.Series(body, "portwatch_listeners_limit").Single().Value.ShouldBe(Max);
        var (exitCode, output) = await Promtool.CheckMetricsAsync(body);
        exitCode.ShouldBe(0, output);

        // The landing page shows the same listeners and says how many it leaves out.
        var page = await exporter.Http.GetStringAsync("", TestContext.Current.CancellationToken);
        page.ShouldContain($"{Max} listeners are shown, the most scan.max-listeners allows");
        page.ShouldContain("<td>pw-limit-page</td>");
        page.ShouldNotContain("<td>pw-limit-exp</td>");

        // Said once when it began, not once a scan nor once a change while it lasts.
        await exporter.ScrapeUntilAsync(b => Scrape.Series(b, "portwatch_scans_total").Single().Value >= 4);
        exporter.Log.Split('\n').Count(l => l.Contains("more than scan.max-listeners=5", StringComparison.Ordinal) && l.Contains("level=warn", StringComparison.Ordinal)).ShouldBe(1, exporter.Log);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static double Total(string body, string metric) => Scrape.Series(body, metric).Sum(s => s.Value);

    private static double Dropped(string body, string listenerClass) =>
        Scrape.Series(body, "portwatch_listeners_dropped").Single(s => s.Labels["class"] == listenerClass).Value;
}

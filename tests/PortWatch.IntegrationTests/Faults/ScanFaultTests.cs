using System.Globalization;
using System.Net;
using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Faults;

/// <summary>
/// The real exporter when the kernel's tables stop answering after a good scan: a proc tree whose socket table is
/// removed or replaced, a read of it that hangs, and sock_diag netlink refused by the kernel. Each time the scan
/// fails with its reason (in the log and, once no scan has succeeded for three scan intervals, in /-/ready's 503),
/// and scrapes keep serving the last good listeners with portwatch_scan_success 0.
/// </summary>
public sealed class ScanFaultTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private static readonly ListenerIdentity FixtureListener = new("tcp", "ipv4", "0.0.0.0", 4747);
    private readonly string directory = Directory.CreateTempSubdirectory("portwatch-scanfault-").FullName;

    public static TheoryData<string> TableFaults => ["removed", "replaced by a directory"];

    [Theory]
    [MemberData(nameof(TableFaults))]
    public async Task ProcTableUnreadableAfterAGoodScan_ServesTheLastListenersAndIsNotReadyAfterThreeIntervals(string fault)
    {
        using var fixture = new FixtureProcFs();
        fixture.Open(FixtureListener.Port);
        await using var exporter = await ExporterProcess.StartAsync($"--path.procfs={fixture.Root}", "--scan.interval=2s");
        await exporter.ScrapeUntilAsync(b => Scrape.Listeners(b).Contains(FixtureListener));
        var table = Path.Combine(fixture.Root, "net", "tcp");

        File.Delete(table);
        if (fault == "replaced by a directory")
        {
            Directory.CreateDirectory(table);
        }

        var failing = await exporter.ScrapeUntilAsync(b => Value(b, "portwatch_scan_success") == 0);
        var reason = fault == "removed" ? $"{table} does not exist: is --path.procfs a proc filesystem?" : $"Access to the path '{table}' is denied.";
        Scrape.Listeners(failing).ShouldContain(FixtureListener, "the last good listeners are still served");
        var ready = await ReadyTurns503Async(exporter);
        ready.ShouldContain($"the last scan failed in stage enumerate: {reason}");
        exporter.Log.ShouldContain($"scan failed in stage enumerate: {reason}");
        await StillServesTheLastListenersAsync(exporter, FixtureListener);

        if (Directory.Exists(table))
        {
            Directory.Delete(table);
        }

        fixture.Open(FixtureListener.Port); // Writes net/tcp again.
        await RecoversAsync(exporter);
    }

    [Fact]
    public async Task ProcReadHangsAfterAGoodScan_IsNotReadyAfterThreeIntervals_ThenTheHungScanFails_AndTheLastListenersAreServed()
    {
        using var fixture = new FixtureProcFs();
        fixture.Open(FixtureListener.Port);
        await using var exporter = await ExporterProcess.StartAsync($"--path.procfs={fixture.Root}", "--scan.interval=2s");
        await exporter.ScrapeUntilAsync(b => Scrape.Listeners(b).Contains(FixtureListener));

        // net/tcp becomes a named pipe nobody writes: the next scan's open() blocks in the kernel, for real.
        var table = Path.Combine(fixture.Root, "net", "tcp");
        File.Delete(table);
        var (code, _, error) = await ProcessRunner.RunAsync("mkfifo", [table]);
        code.ShouldBe(0, error);

        var ready = await ReadyTurns503Async(exporter);
        ready.ShouldContain($"the scan has been in stage enumerate for ");
        ready.ShouldContain($"without finishing (a read of {fixture.Root} that hangs?)");
        // The scheduler reports a scan as hung after max(interval, 10 s): then the scan fails with the reason.
        var failing = await exporter.ScrapeUntilAsync(b => Value(b, "portwatch_scan_success") == 0, TimeSpan.FromSeconds(30));
        Scrape.Listeners(failing).ShouldContain(FixtureListener);
        await exporter.WaitForLogAsync("scan failed in stage enumerate: the scan has been in stage enumerate for 10s without finishing");
        (await ReadyAsync(exporter)).Text.ShouldContain("the last scan failed in stage enumerate: the scan has been in stage enumerate for");
    }

    [Fact]
    public async Task NetlinkRefusedAfterAGoodScan_ServesTheLastListenersAndIsNotReadyAfterThreeIntervals()
    {
        // The kernel refuses the exporter's sock_diag netlink socket through seccomp (netlink-gate.c): the sendto() of
        // the dump request, then the socket() of the next attempt, fail with EACCES, as under an SELinux policy that
        // denies netlink_tcpdiag_socket or a container's seccomp profile. Nothing else the exporter does is touched.
        Assert.SkipUnless(File.Exists("/usr/bin/gcc"), "gcc is not installed: it builds tests/PortWatch.IntegrationTests/Faults/netlink-gate.c, the seccomp supervisor that makes the kernel refuse netlink");
        var gate = Path.Combine(directory, "netlink-gate");
        var (built, buildOut, buildError) = await ProcessRunner.RunAsync(
            "/usr/bin/gcc", ["-O2", "-Wall", "-Wextra", "-Werror", "-o", gate, RepositoryPaths.InRoot("tests", "PortWatch.IntegrationTests", "Faults", "netlink-gate.c")]);
        built.ShouldBe(0, buildOut + buildError);
        var control = Directory.CreateDirectory(Path.Combine(directory, "control")).FullName;
        await using var owner = await TestListenerProcess.StartAsync("pw-netlink"u8.ToArray(), "tcp:127.0.0.1:0");
        var listener = owner.Listeners[0];

        await using var exporter = await ExporterProcess.StartUnderAsync([gate, control], false, "--scan.interval=2s", "--scan.namespaces=host");
        var good = await exporter.ScrapeUntilAsync(b => Scrape.Listeners(b).Contains(listener));
        Scrape.Series(good, "portwatch_scan_method_info").Single().Labels["method"].ShouldBe("netlink");

        await File.WriteAllTextAsync(Path.Combine(control, "refuse"), "", TestContext.Current.CancellationToken);
        var failing = await exporter.ScrapeUntilAsync(b => Value(b, "portwatch_scan_success") == 0);

        Scrape.Listeners(failing).ShouldContain(listener, "the last good listeners are still served");
        var ready = await ReadyTurns503Async(exporter);
        ready.ShouldContain("the last scan failed in stage enumerate: socket(AF_NETLINK, NETLINK_SOCK_DIAG): Permission denied");
        exporter.Log.ShouldContain("scan failed in stage enumerate: sendto(netlink): Permission denied");
        exporter.Log.ShouldContain("scan failed in stage enumerate: socket(AF_NETLINK, NETLINK_SOCK_DIAG): Permission denied");
        var refused = await File.ReadAllLinesAsync(Path.Combine(control, "refused"), TestContext.Current.CancellationToken);
        refused.ShouldContain(l => l.StartsWith("sendto(netlink)", StringComparison.Ordinal));
        refused.ShouldContain(l => l.StartsWith("socket(AF_NETLINK, NETLINK_SOCK_DIAG)", StringComparison.Ordinal));
        output.WriteLine($"the kernel refused {refused.Length} netlink calls of the exporter; /-/ready: {ready.Trim()}");
        await StillServesTheLastListenersAsync(exporter, listener);

        File.Delete(Path.Combine(control, "refuse"));
        await RecoversAsync(exporter);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>
    /// Asks /-/ready until it answers 503, each answer checked against the rule: 200 only while the last successful scan
    /// (portwatch_last_scan_timestamp_seconds) is at most three intervals old, and 503 only after; at least one 200 once
    /// the fault is there. Returns the 503's body.
    /// </summary>
    private async Task<string> ReadyTurns503Async(ExporterProcess exporter)
    {
        var limit = 3 * Interval.TotalSeconds;
        var ready = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var last = Value(await exporter.ScrapeAsync(), "portwatch_last_scan_timestamp_seconds");
            var before = Now();
            var (status, text) = await ReadyAsync(exporter);
            var after = Now();
            if (status == HttpStatusCode.OK)
            {
                (before - last).ShouldBeLessThanOrEqualTo(limit + 0.005, $"ready, although the last successful scan was {before - last:F2} s ago");
                ready++;
            }
            else
            {
                status.ShouldBe(HttpStatusCode.ServiceUnavailable, text);
                (after - last).ShouldBeGreaterThan(limit, $"not ready {after - last:F2} s after the last successful scan, within three intervals: {text}");
                ready.ShouldBeGreaterThan(0, $"/-/ready never said 200 after the fault: {text}");
                text.ShouldStartWith("Not ready: no scan has succeeded for ");
                text.ShouldContain(", more than 3 scan intervals of 2s; the listeners served are those of the last successful scan, at ");
                exporter.Log.ShouldNotContain("scans succeed again");
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"/-/ready: {ready} answers 200 after the fault, then 503 {after - last:F2} s after the last successful scan: {text.Trim()}"));
                return text;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"/-/ready never answered 503:\n{exporter.Log}");
    }

    private static async Task StillServesTheLastListenersAsync(ExporterProcess exporter, ListenerIdentity listener)
    {
        var body = await exporter.ScrapeAsync(); // 200: scrapes never wait for, or fail with, a scan.
        Scrape.Listeners(body).ShouldContain(listener);
        Value(body, "portwatch_scan_success").ShouldBe(0);
        Value(body, "portwatch_scan_errors_total{stage=\"enumerate\"}").ShouldBeGreaterThanOrEqualTo(1);
    }

    private static async Task RecoversAsync(ExporterProcess exporter)
    {
        await exporter.ScrapeUntilAsync(b => Value(b, "portwatch_scan_success") == 1);
        (await ReadyAsync(exporter)).ShouldBe((HttpStatusCode.OK, "Ready\n"));
        await exporter.WaitForLogAsync("scans succeed again");
    }

    private static async Task<(HttpStatusCode Status, string Text)> ReadyAsync(ExporterProcess exporter)
    {
        using var response = await exporter.Http.GetAsync("-/ready");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static double Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    private static double Value(string body, string series)
    {
        var name = series.Split('{')[0];
        var labels = series.Contains('{', StringComparison.Ordinal) ? series[(series.IndexOf('{', StringComparison.Ordinal) + 1)..^1] : "";
        return Scrape.Series(body, name).Single(s => labels.Length == 0 || string.Join(",", s.Labels.Select(l => $"{l.Key}=\"{l.Value}\"")) == labels).Value;
    }
}

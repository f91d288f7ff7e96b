using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Hosting;

/// <summary>
/// Issue 15 item 3: anyone on the host can bind and close UDP sockets on random loopback addresses and ports outside
/// the ephemeral range, and each is a listener that closed (its destroy event). What closed sockets may add is capped
/// (--scan.max-closed-listeners: series, and records of the first-seen file), what pages is kept first, and what is
/// left out is counted.
/// </summary>
public sealed class ClosedListenerFloodTests(ITestOutputHelper output) : IDisposable
{
    private const int Churned = 20_000;
    private const int Cap = 1_000;
    private readonly string directory = Directory.CreateTempSubdirectory("portwatch-flood-").FullName;

    [Fact]
    public async Task UdpChurnOnRandomLoopbackAddresses_IsCapped_AndAShortLivedListenerOnTcp12StillPages()
    {
        Assert.SkipUnless(await TestListenerProcess.CanBindPrivilegedAsync(), Privileges.NeedsRootToBindPrivilegedPorts);
        var state = Path.Combine(directory, "state.json");
        await using var exporter = await ExporterProcess.StartAsync($"--state.file={state}", "--state.forget-after=7d");
        var residentBefore = ResidentMiB(exporter.Pid);

        var churn = Stopwatch.StartNew();
        var (exit, stdout, stderr) = await ProcessRunner.RunAsync(RepositoryPaths.Dotnet, [RepositoryPaths.TestListener, "--churn-udp", Churned.ToString(CultureInfo.InvariantCulture)]);
        exit.ShouldBe(0, stderr);
        stdout.ShouldContain($"churned {Churned}");
        output.WriteLine($"{Churned} UDP sockets bound and closed in {churn.ElapsedMilliseconds} ms");

        // In the middle of the flood's aftermath, a listener that lives 50 ms on an unassigned well-known port.
        await using (var intruder = await TestListenerProcess.OpenBrieflyAsync("pw-blink"u8.ToArray(), TimeSpan.FromMilliseconds(50), "tcp:0.0.0.0:12"))
        {
            await intruder.WaitForExitAsync();
        }

        var blink = new ListenerIdentity("tcp", "ipv4", "0.0.0.0", 12);
        var body = await exporter.ScrapeUntilAsync(
            b => Scrape.Series(b, "portwatch_destroy_events_listeners_total").Sum(s => s.Value) >= Churned && Scrape.ClosedListeners(b).Contains(blink),
            TimeSpan.FromSeconds(60));
        body = await exporter.ScrapeUntilAsync(b => Scrape.Series(b, "portwatch_closed_listeners_dropped_total").Sum(s => s.Value) >= Churned - Cap, TimeSpan.FromSeconds(30));

        var closed = Scrape.ClosedListeners(body);
        output.WriteLine($"closed listeners in the exposition: {closed.Count}; resident memory {residentBefore:F1} MiB before, {ResidentMiB(exporter.Pid):F1} MiB after");
        closed.Count.ShouldBeLessThanOrEqualTo(Cap);
        closed.ShouldContain(blink, "what pages is kept first");
        Scrape.Series(body, "portwatch_closed_listeners_limit").Single().Value.ShouldBe(Cap);
        var dropped = Scrape.Series(body, "portwatch_closed_listeners_dropped_total");
        dropped.Single(s => s.Labels["class"] == "pages").Value.ShouldBe(0);
        dropped.Single(s => s.Labels["class"] == "unexpected").Value.ShouldBeGreaterThanOrEqualTo(Churned - Cap);

        // The first-seen record: what the flood added is bounded too, and the blink is in it.
        await exporter.StopAsync();
        using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(state, TestContext.Current.CancellationToken));
        var records = document.RootElement.GetProperty("listeners").EnumerateArray().ToList();
        output.WriteLine($"state file: {records.Count} records, {new FileInfo(state).Length} bytes");
        records.Count.ShouldBeLessThanOrEqualTo(Cap + 100, "the flood's closed listeners, at most the cap, and the host's own listeners");
        records.ShouldContain(r => r.GetProperty("protocol").GetString() == "tcp" && r.GetProperty("port").GetInt32() == 12);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static double ResidentMiB(int pid)
    {
        var line = File.ReadAllLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}

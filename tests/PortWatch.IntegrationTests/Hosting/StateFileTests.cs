using PortWatch.IntegrationTests.Infrastructure;
using PortWatch.State;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Hosting;

public sealed class StateFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("portwatch-state-").FullName;

    [Fact]
    public async Task Restart_WithStateFile_KeepsEveryFirstSeenAndTheBaseline()
    {
        var state = Path.Combine(directory, "state.json");
        await using var owner = await TestListenerProcess.StartAsync("pw-state-test"u8.ToArray(), "tcp:127.0.0.1:0", "udp:[::]:0");
        Dictionary<string, double> before;
        double baseline;
        await using (var first = await ExporterProcess.StartAsync($"--state.file={state}"))
        {
            var body = await first.ScrapeUntilAsync(b => owner.Listeners.All(Scrape.Listeners(b).Contains));
            before = FirstSeen(body);
            baseline = Scrape.Series(body, "portwatch_baseline_timestamp_seconds").Single().Value;
            (await first.StopAsync()).ShouldBe(0);
        }

        File.Exists(state).ShouldBeTrue();
        Directory.GetFiles(directory).ShouldBe([state]); // No temporary file left behind.
        await Task.Delay(1100); // So that anything re-seen as new would get a later time.

        await using var second = await ExporterProcess.StartAsync($"--state.file={state}");
        var after = await second.ScrapeUntilAsync(b => owner.Listeners.All(Scrape.Listeners(b).Contains));

        Scrape.Series(after, "portwatch_baseline_timestamp_seconds").Single().Value.ShouldBe(baseline);
        var afterFirstSeen = FirstSeen(after);
        foreach (var (listener, firstSeen) in before.Where(b => afterFirstSeen.ContainsKey(b.Key)))
        {
            afterFirstSeen[listener].ShouldBe(firstSeen, listener);
        }

        foreach (var listener in owner.Listeners)
        {
            afterFirstSeen.ShouldContainKey(listener.ToString());
            before.ShouldContainKey(listener.ToString());
        }
    }

    [Fact]
    public async Task Restart_ListenerOpenedWhileDown_IsNewerThanTheBaseline()
    {
        var state = Path.Combine(directory, "state.json");
        await using (var first = await ExporterProcess.StartAsync($"--state.file={state}"))
        {
            await first.ScrapeUntilAsync(b => b.Contains("portwatch_baseline_timestamp_seconds", StringComparison.Ordinal));
            (await first.StopAsync()).ShouldBe(0);
        }

        await using var owner = await TestListenerProcess.StartAsync("pw-state-test"u8.ToArray(), "tcp:127.0.0.1:0");
        await using var second = await ExporterProcess.StartAsync($"--state.file={state}");
        var body = await second.ScrapeUntilAsync(b => Scrape.Listeners(b).Contains(owner.Listeners[0]));

        var baseline = Scrape.Series(body, "portwatch_baseline_timestamp_seconds").Single().Value;
        FirstSeen(body)[owner.Listeners[0].ToString()].ShouldBeGreaterThan(baseline);
    }

    public static TheoryData<string, string, string> UnreadableFiles => new()
    {
        { "garbage", "\u0000\u00ff\u0007 not a state file\n", "malformed" },
        { "truncated JSON", "{\"version\": 1, \"baseline\": \"2026-01-01T00:00:00Z\", \"listeners\": [ {\"protocol\": ", "malformed" },
        { "wrong version", "{\"version\": 2, \"baseline\": \"2026-01-01T00:00:00Z\", \"listeners\": []}\n", "version" },
        {
            "duplicate entries",
            "{\"version\": 1, \"baseline\": \"2026-01-01T00:00:00Z\", \"listeners\": [\n"
                + "{\"protocol\": \"tcp\", \"family\": \"ipv4\", \"address\": \"0.0.0.0\", \"port\": 22, \"netns\": \"host\", \"first_seen\": \"2026-01-01T00:00:00Z\", \"last_seen\": \"2026-01-02T00:00:00Z\"},\n"
                + "{\"protocol\": \"tcp\", \"family\": \"ipv4\", \"address\": \"0.0.0.0\", \"port\": 22, \"netns\": \"host\", \"first_seen\": \"2026-01-01T00:00:00Z\", \"last_seen\": \"2026-01-03T00:00:00Z\"}\n"
                + "]}\n",
            "invalid"
        },
    };

    // Issue 9 changed this: a state file that cannot be read used to stop the exporter (exit 1). Monitoring the host
    // matters more than remembering its past: the file is moved aside and a new baseline begins.
    [Theory]
    [MemberData(nameof(UnreadableFiles))]
    public async Task Start_UnreadableStateFile_StartsANewBaselineMovesTheFileAsideAndSaysSo(string kind, string text, string reason)
    {
        var state = Path.Combine(directory, "state.json");
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        await File.WriteAllBytesAsync(state, bytes, TestContext.Current.CancellationToken);
        var started = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

        await using var exporter = await ExporterProcess.StartAsync($"--state.file={state}");
        var body = await exporter.ScrapeUntilAsync(b => b.Contains("portwatch_baseline_timestamp_seconds", StringComparison.Ordinal) && File.Exists(state));

        var moved = Directory.GetFiles(directory, "state.json.corrupt-*").ShouldHaveSingleItem(kind);
        Path.GetFileName(moved).ShouldMatch(@"^state\.json\.corrupt-\d{8}T\d{6}Z$");
        (await File.ReadAllBytesAsync(moved, TestContext.Current.CancellationToken)).ShouldBe(bytes, $"{kind}: moved aside byte for byte");
        var reset = Scrape.Series(body, "portwatch_state_reset_timestamp_seconds").ShouldHaveSingleItem(kind);
        reset.Labels["reason"].ShouldBe(reason, kind);
        reset.Labels["moved_to"].ShouldBe(moved, kind);
        reset.Value.ShouldBeInRange(started - 1, started + 60, kind);
        var baseline = Scrape.Series(body, "portwatch_baseline_timestamp_seconds").Single().Value;
        baseline.ShouldBeGreaterThanOrEqualTo(reset.Value - 0.001, $"{kind}: a new baseline, not the file's of 2026-01-01");
        StateFile.Load(state).Baseline.ShouldNotBeNull().ToUnixTimeMilliseconds().ShouldBe((long)Math.Round(baseline * 1000), kind);
        exporter.Log.ShouldContain($"state file {state}", customMessage: kind);
        exporter.Log.ShouldContain($"reason={reason}; moved it to {moved} (kept for a person) and started a new first-seen baseline: listeners that opened while the exporter was down are now in the baseline", customMessage: kind);
        var (check, problems) = await Promtool.CheckMetricsAsync(body);
        check.ShouldBe(0, problems);
    }

    [Fact]
    public async Task Start_StateDirectoryMissing_IsStillAStartupError()
    {
        // A directory that does not exist is a mistake in the configuration (a typo, a volume not mounted), not a
        // damaged record: starting anyway would lose every save without a word until someone reads the metrics.
        var missing = Path.Combine(directory, "not-mounted");

        var (exitCode, _, stderr) = await ProcessRunner.PortwatchAsync($"--state.file={missing}/state.json", "--web.listen-address=127.0.0.1:0");

        exitCode.ShouldBe(1);
        stderr.ShouldBe($"portwatch: error: state file {missing}/state.json: directory {missing} does not exist\n");
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static Dictionary<string, double> FirstSeen(string body) =>
        Scrape.Series(body, "portwatch_listener_first_seen_timestamp_seconds").ToDictionary(
            s => new ListenerIdentity(s.Labels["protocol"], s.Labels["family"], s.Labels["address"], int.Parse(s.Labels["port"], System.Globalization.CultureInfo.InvariantCulture)).ToString(),
            s => s.Value);
}

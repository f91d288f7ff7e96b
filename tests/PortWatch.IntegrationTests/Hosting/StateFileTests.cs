using PortWatch.IntegrationTests.Infrastructure;
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

    [Fact]
    public async Task Start_CorruptStateFile_RefusesAndKeepsTheFile()
    {
        var state = Path.Combine(directory, "state.json");
        await File.WriteAllTextAsync(state, "{\"version\": 1, \"baseline\": \"2026-01-01T00:00:00Z\", \"listeners\": [ {\"protocol\": ");

        var (exitCode, _, stderr) = await ProcessRunner.PortwatchAsync($"--state.file={state}", "--web.listen-address=127.0.0.1:0");

        exitCode.ShouldBe(1);
        stderr.ShouldContain(state);
        (await File.ReadAllTextAsync(state)).ShouldEndWith("{\"protocol\": ");
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static Dictionary<string, double> FirstSeen(string body) =>
        Scrape.Series(body, "portwatch_listener_first_seen_timestamp_seconds").ToDictionary(
            s => new ListenerIdentity(s.Labels["protocol"], s.Labels["family"], s.Labels["address"], int.Parse(s.Labels["port"], System.Globalization.CultureInfo.InvariantCulture)).ToString(),
            s => s.Value);
}

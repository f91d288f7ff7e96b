using PortWatch.IntegrationTests.Infrastructure;
using PortWatch.State;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Faults;

/// <summary>
/// The state directory on a tmpfs that fills up or turns read-only, for real (root ignores permission bits, so chmod
/// proves nothing): scans and scrapes go on, every failed write is counted, the file keeps the last good save, and
/// saves resume when the disk takes writes again.
/// </summary>
public sealed class StateDiskTests
{
    [Fact]
    public async Task FullDisk_ScansAndScrapesGoOn_FailuresAreCounted_TheLastSaveSurvives_AndSavesResume()
    {
        Assert.SkipUnless(Privileges.IsRoot, Privileges.NeedsRootToMount);
        await using var disk = await TmpfsMount.MountAsync("size=16m,mode=0700");
        var state = Path.Combine(disk.Path, "state.json");
        await using var exporter = await ExporterProcess.StartAsync($"--state.file={state}");
        await exporter.ScrapeUntilAsync(_ => File.Exists(state));

        var filler = disk.Fill("filler");
        await ShowsTheFailureAsync(exporter, state, "No space left on device", async () => File.Delete(filler));
    }

    [Fact]
    public async Task ReadOnlyStateDirectory_ScansAndScrapesGoOn_FailuresAreCounted_TheLastSaveSurvives_AndSavesResume()
    {
        Assert.SkipUnless(Privileges.IsRoot, Privileges.NeedsRootToMount);
        await using var disk = await TmpfsMount.MountAsync("size=16m,mode=0700");
        var state = Path.Combine(disk.Path, "state.json");
        await using var exporter = await ExporterProcess.StartAsync($"--state.file={state}");
        await exporter.ScrapeUntilAsync(_ => File.Exists(state));

        await disk.RemountAsync("ro");
        await ShowsTheFailureAsync(exporter, state, "Read-only file system", () => disk.RemountAsync("rw"));
    }

    [Fact]
    public async Task UnreadableStateFileInAReadOnlyDirectory_StartsWithABaselineInMemory_AndLeavesTheFileAsItIs()
    {
        Assert.SkipUnless(Privileges.IsRoot, Privileges.NeedsRootToMount);
        await using var disk = await TmpfsMount.MountAsync("size=16m,mode=0700");
        var state = Path.Combine(disk.Path, "state.json");
        var bytes = "{\"version\": 1, \"listeners\": [ {\"prot"u8.ToArray();
        await File.WriteAllBytesAsync(state, bytes, TestContext.Current.CancellationToken);
        await disk.RemountAsync("ro");

        await using var exporter = await ExporterProcess.StartAsync($"--state.file={state}");
        var body = await exporter.ScrapeUntilAsync(b => Value(b, "portwatch_scans_total") >= 3);

        var reset = Scrape.Series(body, "portwatch_state_reset_timestamp_seconds").ShouldHaveSingleItem();
        reset.Labels["reason"].ShouldBe("malformed");
        reset.Labels["moved_to"].ShouldBe("none");
        Value(body, "portwatch_state_write_errors_total").ShouldBe(0, "nothing is written over a file a person must look at");
        Value(body, "portwatch_scan_success").ShouldBe(1);
        exporter.Log.ShouldContain($"state file {state}:");
        exporter.Log.ShouldContain("reason=malformed; it could not be moved aside (");
        exporter.Log.ShouldContain("Read-only file system");
        exporter.Log.ShouldContain("state (in memory)");
        (await File.ReadAllBytesAsync(state, TestContext.Current.CancellationToken)).ShouldBe(bytes);
        Directory.GetFiles(disk.Path).ShouldBe([state]);
    }

    /// <summary>
    /// With the state directory failing: a new listener is scanned and served while its save fails at every scan; the
    /// file on disk stays the last good save, whole; after <paramref name="repair"/>, the next save writes it.
    /// </summary>
    private static async Task ShowsTheFailureAsync(ExporterProcess exporter, string state, string error, Func<Task> repair)
    {
        await using var owner = await TestListenerProcess.StartAsync("pw-disk-fault"u8.ToArray(), "tcp:127.0.0.1:0");
        var listener = owner.Listeners[0];
        var failing = await exporter.ScrapeUntilAsync(b => Scrape.Listeners(b).Contains(listener) && Value(b, "portwatch_state_write_errors_total") >= 1);
        var lastGood = await File.ReadAllBytesAsync(state); // Every save from here on fails: this is the last good one.
        var errors = Value(failing, "portwatch_state_write_errors_total");
        var scans = Value(failing, "portwatch_scans_total");

        var later = await exporter.ScrapeUntilAsync(b => Value(b, "portwatch_state_write_errors_total") >= errors + 2);

        Value(later, "portwatch_scans_total").ShouldBeGreaterThan(scans, "scans go on");
        Value(later, "portwatch_scan_success").ShouldBe(1);
        Scrape.Listeners(later).ShouldContain(listener, "the new listener is served although it cannot be saved");
        (await File.ReadAllBytesAsync(state)).ShouldBe(lastGood, "a failed save leaves the last good one as it was");
        var onDisk = StateFile.Load(state);
        onDisk.Sightings.Keys.ShouldNotContain(k => k.Port == listener.Port && k.AddressText == listener.Address);
        Directory.GetFiles(Path.GetDirectoryName(state)!, "state.json.tmp-*").ShouldBeEmpty("a failed save removes its temporary file");
        exporter.Log.ShouldContain($"state file {state}: cannot write: ");
        exporter.Log.ShouldContain(error);
        exporter.Log.Split('\n').Count(l => l.Contains("cannot write", StringComparison.Ordinal)).ShouldBe(1, "one error line for a failure that lasts, not one a scan");

        await repair();

        await exporter.ScrapeUntilAsync(_ => StateFile.Load(state).Sightings.Keys.Any(k => k.Port == listener.Port && k.AddressText == listener.Address));
        await exporter.WaitForLogAsync($"state file {state} written again after ");
    }

    private static double Value(string body, string metric) => Scrape.Series(body, metric).Single().Value;
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using PortWatch.IntegrationTests.Infrastructure;
using PortWatch.Sockets;
using PortWatch.State;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Faults;

/// <summary>
/// The state file against kill -9: a real process (tests/PortWatch.StateWriter) saves a growing record in a loop
/// with the exporter's own StateFile code and says when each save has returned; the test kills it with SIGKILL at
/// random moments, most of them inside a save, and loads what is on disk with the exporter's loader.
/// </summary>
public sealed partial class StateFileKillTests(ITestOutputHelper output) : IDisposable
{
    private const int SigKill = 9;
    private const int BaseListeners = 5000;
    private const int MidSaveKillsWanted = 200;
    private readonly string directory = Directory.CreateTempSubdirectory("portwatch-kill-").FullName;

    [Fact]
    public async Task KillDashNine_AtRandomMomentsOfSaves_LosesNothingAnAcknowledgedSaveRecorded()
    {
        var state = Path.Combine(directory, "state.json");
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        int kills = 0, midSave = 0, duringStart = 0, betweenSaves = 0, leftoversRemoved = 0, completedUnacknowledged = 0;
        var leftoversSeen = new HashSet<string>(StringComparer.Ordinal);
        var acknowledged = 0;
        var saveMicroseconds = new List<long>();
        var clock = Stopwatch.StartNew();
        while (midSave < MidSaveKillsWanted && kills < 3 * MidSaveKillsWanted)
        {
            var writer = StateWriter.Start(state);
            if (kills % 10 == 9)
            {
                // Now and then at any moment from the start: while the runtime starts, StateFile.Open loads, or the first save runs.
                await Task.Delay(random.Next(0, 400), TestContext.Current.CancellationToken);
            }
            else
            {
                await writer.FirstSaved.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
                var typical = saveMicroseconds.Count > 0 ? saveMicroseconds.Order().ElementAt(saveMicroseconds.Count / 2) / 1000.0 : 30;
                await Task.Delay(TimeSpan.FromMilliseconds(random.NextDouble() * 2 * typical), TestContext.Current.CancellationToken);
            }

            var lines = await writer.KillAsync();
            kills++;
            var round = $"kill {kills} (seed {seed}): {string.Join(" | ", lines.TakeLast(3))}";
            lines.ShouldNotContain(l => l.StartsWith("reset", StringComparison.Ordinal), round);
            if (lines.FirstOrDefault(l => l.StartsWith("opened ", StringComparison.Ordinal)) is { } opened)
            {
                var fields = opened.Split(' ');
                int.Parse(fields[1], CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(acknowledged, $"{round}: the writer's own start lost listeners");
                leftoversRemoved += int.Parse(fields[2], CultureInfo.InvariantCulture);
            }

            var saved = lines.Where(l => l.StartsWith("saved ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToList();
            saveMicroseconds.AddRange(saved.Select(f => long.Parse(f[2], CultureInfo.InvariantCulture)));
            if (saved.Count > 0)
            {
                acknowledged = int.Parse(saved[^1][1], CultureInfo.InvariantCulture);
            }

            var inSave = lines.Count > 0 && lines[^1].StartsWith("begin ", StringComparison.Ordinal);
            if (inSave)
            {
                midSave++;
            }
            else if (!lines.Any(l => l.StartsWith("begin ", StringComparison.Ordinal)))
            {
                duringStart++;
            }
            else
            {
                betweenSaves++;
            }

            leftoversSeen.UnionWith(Directory.GetFiles(directory, "state.json.tmp-*")); // A kill before the next start's StateFile.Open sees the same one again.
            var onDisk = CheckOnDisk(state, acknowledged, round);
            completedUnacknowledged += inSave && onDisk > acknowledged ? 1 : 0;
        }

        var finalOpen = StateFile.Open(state, DateTimeOffset.UtcNow);
        finalOpen.Reset.ShouldBeNull();
        Directory.GetFiles(directory).ShouldBe([state], "the start after the last kill removed its leftover");
        var sizes = new FileInfo(state).Length;
        var sorted = saveMicroseconds.Order().ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{kills} kills with SIGKILL in {clock.Elapsed.TotalSeconds:F0} s (seed {seed}): {midSave} mid-save (after 'begin', before 'saved'), {betweenSaves} between two saves, {duringStart} before the first save (runtime start, StateFile.Open)."));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Of the mid-save kills, {completedUnacknowledged} came after the rename (the file already held the save that was never acknowledged), the others before it."));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Every load after a kill succeeded and held every listener of the last acknowledged save; the record grew from {BaseListeners + 1} to {finalOpen.History.Sightings.Count} listeners ({sizes / 1e6:F2} MB); {saveMicroseconds.Count} saves acknowledged, median {sorted[sorted.Count / 2] / 1000.0:F1} ms, p90 {sorted[sorted.Count * 9 / 10] / 1000.0:F1} ms."));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Temporary files left by kills: {leftoversSeen.Count}; removed by the next start (as it reported): {leftoversRemoved + finalOpen.LeftoversRemoved}; none left at the end."));
        midSave.ShouldBeGreaterThanOrEqualTo(MidSaveKillsWanted);
        // A kill inside StateFile.Open, after it removed a leftover and before it said so, makes the count lower: the empty directory is the proof.
        (leftoversRemoved + finalOpen.LeftoversRemoved).ShouldBeLessThanOrEqualTo(leftoversSeen.Count);
    }

    [Fact]
    public async Task Save_FsyncsTheTemporaryFileRenamesItOverTheRecordThenFsyncsTheDirectory()
    {
        Assert.SkipUnless(File.Exists("/usr/bin/strace"), "strace is not installed; it traces the save's system calls (apt-get install strace)");
        var state = Path.Combine(directory, "state.json");
        var trace = Path.Combine(directory, "trace");

        var (code, stdout, stderr) = await ProcessRunner.RunAsync(
            "/usr/bin/strace", ["-f", "-qq", "-o", trace, "-e", "trace=openat,open,fsync,fdatasync,rename,renameat,renameat2", RepositoryPaths.Dotnet, RepositoryPaths.StateWriter, "--file", state, "--base", "10", "--saves", "1"]);

        code.ShouldBe(0, stdout + stderr);
        var calls = File.ReadAllLines(trace);
        var temporary = Regex.Escape(state + ".tmp-");
        var open = calls.Select((l, i) => (Line: l, Index: i, Match: OpenOf($"\"{temporary}\\d+\"").Match(l))).Single(c => c.Match.Success && c.Line.Contains("O_CREAT", StringComparison.Ordinal));
        var fd = open.Match.Groups["fd"].Value;
        var fileSync = Index(calls, $@"\b(fsync|fdatasync)\({fd}\)\s+= 0", after: open.Index);
        var rename = Index(calls, $"rename(at2?)?\\(.*\"{temporary}\\d+\", .*\"{Regex.Escape(state)}\".*\\)\\s+= 0", after: fileSync);
        var openDirectory = calls.Select((l, i) => (Line: l, Index: i, Match: OpenOf($"\"{Regex.Escape(directory)}\"").Match(l)))
            .First(c => c.Index > rename && c.Match.Success && c.Line.Contains("O_DIRECTORY", StringComparison.Ordinal));
        var directorySync = Index(calls, $@"\bfsync\({openDirectory.Match.Groups["fd"].Value}\)\s+= 0", after: openDirectory.Index);

        output.WriteLine(string.Join('\n', new[] { open.Index, fileSync, rename, openDirectory.Index, directorySync }.Select(i => calls[i])));
        StateFile.Load(state).Sightings.Count.ShouldBe(11);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>Loads the file with the exporter's loader: it must load, and hold listeners 0 to the last acknowledged save, as saved.</summary>
    private static int CheckOnDisk(string state, int acknowledged, string round)
    {
        if (!File.Exists(state))
        {
            acknowledged.ShouldBe(0, $"{round}: the state file is gone");
            return 0;
        }

        var history = Should.NotThrow(() => StateFile.Load(state), round);
        history.Baseline.ShouldBe(DateTimeOffset.UnixEpoch, round);
        var sightings = history.Sightings;
        var floor = Math.Max(acknowledged, BaseListeners + 1);
        sightings.Count.ShouldBeInRange(floor, floor + 1, $"{round}: the last acknowledged save, or the one after it");
        for (var i = 0; i < acknowledged; i++)
        {
            sightings.TryGetValue(Key(i), out var sighting).ShouldBeTrue($"{round}: listener {i} of an acknowledged save is missing");
            sighting.FirstSeen.ShouldBe(DateTimeOffset.UnixEpoch.AddSeconds(i), round);
        }

        return sightings.Count;
    }

    // As tests/PortWatch.StateWriter names listener i.
    private static ListenerKey Key(int i) =>
        new(TransportProtocol.Tcp, IpFamily.IPv4, new IPAddress([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i]), 1024 + (i % 60000));

    private static int Index(string[] calls, string pattern, int after)
    {
        var regex = new Regex(pattern);
        for (var i = after + 1; i < calls.Length; i++)
        {
            if (regex.IsMatch(calls[i]))
            {
                return i;
            }
        }

        throw new ShouldAssertException($"no system call matching {pattern} after line {after + 1}:\n{string.Join('\n', calls.Skip(after))}");
    }

    private static Regex OpenOf(string path) => new($@"open(at)?\((AT_FDCWD, )?{path}, .*\)\s+= (?<fd>\d+)");

    /// <summary>A running portwatch-state-writer and the lines it printed.</summary>
    private sealed class StateWriter
    {
        private readonly Process process;
        private readonly List<string> lines = [];
        private readonly TaskCompletionSource firstSaved = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Task reading;

        private StateWriter(Process process)
        {
            this.process = process;
            reading = Task.Run(async () =>
            {
                while (await process.StandardOutput.ReadLineAsync() is { } line)
                {
                    lock (lines)
                    {
                        lines.Add(line);
                    }

                    if (line.StartsWith("saved ", StringComparison.Ordinal))
                    {
                        firstSaved.TrySetResult();
                    }
                }

                firstSaved.TrySetException(new InvalidOperationException($"the writer ended without a save: {process.StandardError.ReadToEnd()}"));
            });
        }

        public Task FirstSaved => firstSaved.Task;

        public static StateWriter Start(string state)
        {
            var start = new ProcessStartInfo(RepositoryPaths.Dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { RepositoryPaths.StateWriter, "--file", state, "--base", BaseListeners.ToString(CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(argument);
            }

            return new StateWriter(Process.Start(start) ?? throw new InvalidOperationException("cannot start portwatch-state-writer"));
        }

        /// <summary>SIGKILL, then every line the writer printed before it died.</summary>
        public async Task<IReadOnlyList<string>> KillAsync()
        {
            if (!process.HasExited)
            {
                Privileges.Signal(process.Id, SigKill);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            await reading.WaitAsync(timeout.Token);
            _ = firstSaved.Task.Exception; // Killed before its first save: observed, not an error.
            process.Dispose();
            lock (lines)
            {
                return [.. lines];
            }
        }
    }
}

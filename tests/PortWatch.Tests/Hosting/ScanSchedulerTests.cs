using System.Diagnostics;
using PortWatch.State;
using PortWatch.Tests.TestSupport;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Hosting;

/// <summary>The scheduler as the host runs it (StartAsync, StopAsync), on a clock the test moves.</summary>
public sealed class ScanSchedulerTests : IDisposable
{
    private readonly ExporterParts parts;

    public ScanSchedulerTests()
    {
        parts = new ExporterParts((scan, state) =>
        {
            scan.Interval = TimeSpan.FromSeconds(15);
            state.SaveInterval = TimeSpan.FromMinutes(5);
        });
        parts.Proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1)).AddProcess(10, "sshd", 1);
    }

    public void Dispose() => parts.Dispose();

    [Fact]
    public async Task Start_WaitsForTheServerToListen_ThenScansOnEveryInterval()
    {
        await parts.Scheduler.StartAsync(TestContext.Current.CancellationToken);
        parts.Time.Advance(TimeSpan.FromSeconds(30));
        parts.Latest.Current.ShouldBeNull(); // The server has not said it listens: no scan yet, whatever the clock says.

        parts.Lifetime.NotifyStarted();
        Eventually.True(() => parts.Latest.Current is not null, "the first scan once the server listens");
        Scans().ShouldBe(1);
        parts.Latest.Current.ShouldNotBeNull().Result.StartedAt.ShouldBe(ExporterParts.T0.AddSeconds(30));

        parts.Time.Advance(TimeSpan.FromSeconds(14));
        Scans().ShouldBe(1);
        parts.Time.Advance(TimeSpan.FromSeconds(1));
        Eventually.True(() => Scans() == 2, "a scan one interval later");
        parts.Time.Advance(TimeSpan.FromSeconds(15));
        Eventually.True(() => Scans() == 3, "and another");

        await parts.Scheduler.StopAsync(TestContext.Current.CancellationToken);
        parts.Time.Advance(TimeSpan.FromSeconds(60));
        Scans().ShouldBe(3);
    }

    [Fact]
    public async Task Stop_SavesTheRecordOneLastTime()
    {
        parts.StateOptions.File = parts.Directory.Combine("state.json");
        await parts.Scheduler.StartAsync(TestContext.Current.CancellationToken);
        parts.Lifetime.NotifyStarted();
        Eventually.True(() => File.Exists(parts.StateOptions.File), "the first save, after the first scan");
        parts.Time.Advance(TimeSpan.FromSeconds(15));
        Eventually.True(() => Scans() == 2, "a second scan, whose last-seen time is not saved yet");
        StateFile.Load(parts.StateOptions.File).Sightings.Values.Single().LastSeen.ShouldBe(ExporterParts.T0);

        await parts.Scheduler.StopAsync(TestContext.Current.CancellationToken);

        StateFile.Load(parts.StateOptions.File).Sightings.Values.Single().LastSeen.ShouldBe(ExporterParts.T0.AddSeconds(15));
    }

    [Fact]
    public async Task HangingRead_IsReportedAsAFailedScanAndDoesNotHoldUpStopping()
    {
        var fifo = Path.Combine(parts.Proc.Path, "net", "tcp");
        File.Delete(fifo);
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
            mkfifo.ExitCode.ShouldBe(0);
        }

        try
        {
            await parts.Scheduler.StartAsync(TestContext.Current.CancellationToken);
            parts.Lifetime.NotifyStarted();
            Eventually.True(() => parts.Scanner.CurrentStage is not null, "a scan blocked reading the named pipe");

            parts.Time.Advance(parts.Scheduler.HungAfter);

            Eventually.True(() => Scans() >= 1, "the hung scan reported");
            parts.Latest.Current.ShouldBeNull();
            parts.Latest.NotReadyReason.ShouldContain("the scan has been in stage enumerate for 15s without finishing");
            parts.Value("portwatch_scan_errors_total{stage=\"enumerate\"}").ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(1);
            var stopping = Stopwatch.StartNew();
            await parts.Scheduler.StopAsync(TestContext.Current.CancellationToken);
            stopping.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        }
        finally
        {
            // Open the pipe for writing and close it: the blocked reader sees the end of the file and its thread returns.
            await using var writer = new FileStream(fifo, FileMode.Open, FileAccess.Write);
        }
    }

    private double Scans() => parts.Value("portwatch_scans_total") ?? 0;
}

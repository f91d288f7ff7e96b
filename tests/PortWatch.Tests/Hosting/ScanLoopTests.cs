using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using PortWatch.Exposition;
using PortWatch.Hosting;
using PortWatch.Scanning;
using PortWatch.State;
using PortWatch.Tests.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Hosting;

public sealed class ScanLoopTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeProcFs proc = new();
    private readonly TempDirectory directory = new();
    private readonly ManualTimeProvider time = new(T0);
    private readonly ScanCounters counters = new();
    private readonly LatestScan latest = new();
    private readonly StateOptions stateOptions = new();
    private readonly ScanOptions options;

    public ScanLoopTests()
    {
        options = new ScanOptions { ProcFsPath = proc.Path };
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1)).AddProcess(10, "sshd", 1);
    }

    public void Dispose()
    {
        proc.Dispose();
        directory.Dispose();
    }

    [Fact]
    public void RunOnce_SuccessfulScan_PublishesListenerRegistryAndScanFamilies()
    {
        using var loop = Loop();

        loop.RunOnce();

        var published = latest.Current.ShouldNotBeNull();
        published.Result.Success.ShouldBeTrue();
        published.Families.Select(f => f.Name).ShouldContain(MetricNames.ListenerInfo);
        published.Families.Select(f => f.Name).ShouldContain(MetricNames.RegistryInfo);
        var text = Text(published);
        text.ShouldContain("process=\"sshd\"");
        text.ShouldContain("portwatch_scan_success 1\n");
        text.ShouldContain("portwatch_scans_total 1\n");
    }

    [Fact]
    public void RunOnce_FailedScanAfterASuccess_KeepsTheListenerSeriesAndReportsTheFailure()
    {
        using var loop = Loop();
        loop.RunOnce();
        proc.RemoveTable("tcp");
        time.Advance(TimeSpan.FromSeconds(15));

        loop.RunOnce();

        var text = Text(latest.Current.ShouldNotBeNull());
        text.ShouldContain("portwatch_listener_info{protocol=\"tcp\",family=\"ipv4\",address=\"0.0.0.0\",port=\"22\"");
        text.ShouldContain("portwatch_scan_success 0\n");
        text.ShouldContain("portwatch_scan_errors_total{stage=\"enumerate\"} 1\n");
        text.ShouldContain("portwatch_scans_total 2\n");
        text.ShouldContain("portwatch_last_scan_timestamp_seconds 1772366400\n");
    }

    [Fact]
    public void RunOnce_FirstScanFails_PublishesNothingAndSaysWhyUntilAScanSucceeds()
    {
        proc.RemoveTable("tcp");
        using var loop = Loop();

        loop.RunOnce();

        latest.Current.ShouldBeNull();
        latest.NotReadyReason.ShouldContain("failed in stage enumerate");
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1));
        time.Advance(TimeSpan.FromSeconds(15));
        loop.RunOnce();
        var text = Text(latest.Current.ShouldNotBeNull());
        text.ShouldContain("portwatch_scan_errors_total{stage=\"enumerate\"} 1\n");
        text.ShouldContain("portwatch_listeners{protocol=\"tcp\",range=\"system\",iana_status=\"assigned\"} 1\n");
    }

    [Fact]
    public void RunOnce_StateFileConfigured_SavesTheFirstSeenRecord()
    {
        stateOptions.File = directory.Combine("state.json");
        using var loop = Loop();

        loop.RunOnce();

        var saved = StateFile.Load(stateOptions.File);
        saved.Baseline.ShouldBe(T0);
        saved.Sightings.Keys.Select(k => k.ToString()).ShouldBe(["tcp 0.0.0.0:22"]);
    }

    [Fact]
    public void RunOnce_StateDirectoryGone_CountsAWriteErrorAndKeepsServing()
    {
        var stateDirectory = directory.Combine("state");
        Directory.CreateDirectory(stateDirectory);
        stateOptions.File = Path.Combine(stateDirectory, "state.json");
        using var loop = Loop();
        Directory.Delete(stateDirectory);

        loop.RunOnce();

        counters.StateWriteErrors.ShouldBe(1);
        latest.Current.ShouldNotBeNull().Result.Success.ShouldBeTrue();
    }

    private ScanLoop Loop()
    {
        var registry = TestRegistry.Small();
        var scanner = ScannerFactory.Create(options, stateOptions, registry, new ListenerHistory(), time);
        return new ScanLoop(scanner, counters, options, stateOptions, registry, latest, time, new Lifetime(), NullLogger<ScanLoop>.Instance);
    }

    private static string Text(PublishedScan published) => Encoding.UTF8.GetString(ExpositionComposer.Compose(published.Families));

    private sealed class Lifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}

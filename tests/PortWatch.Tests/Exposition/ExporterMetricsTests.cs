using PortWatch.Exposition;
using PortWatch.Registry;
using PortWatch.Scanning;
using PortWatch.Sockets;
using PortWatch.TestSupport;
using PortWatch.Tests.TestSupport;
using Shouldly;
using Xunit;
using static PortWatch.Tests.TestSupport.ExpositionText;
using static PortWatch.Tests.TestSupport.TestListeners;

namespace PortWatch.Tests.Exposition;

public sealed class ExporterMetricsTests
{
    private static readonly TimeSpan Expose = TimeSpan.FromMilliseconds(0.5);

    [Fact]
    public void RecordPublished_SuccessfulScan_WritesSuccessDurationsLastScanAndBaseline()
    {
        var metrics = Metrics();
        var result = Timed(Result());

        metrics.Scan.RecordScan(result);
        metrics.Scan.RecordPublished(result, Expose);
        metrics.Listeners.RecordPublished(result);

        var text = Render(metrics);
        Value(text, "portwatch_scan_success").ShouldBe(1);
        Value(text, "portwatch_scan_duration_seconds")!.Value.ShouldBe(0.0045, tolerance: 1e-12);
        Value(text, "portwatch_scan_stage_duration_seconds{stage=\"enumerate\"}").ShouldBe(0.001);
        Value(text, "portwatch_scan_stage_duration_seconds{stage=\"attribute\"}").ShouldBe(0.002);
        Value(text, "portwatch_scan_stage_duration_seconds{stage=\"classify\"}").ShouldBe(0.001);
        Value(text, "portwatch_scan_stage_duration_seconds{stage=\"expose\"}").ShouldBe(0.0005);
        Value(text, "portwatch_last_scan_timestamp_seconds").ShouldBe(Now.ToUnixTimeMilliseconds() / 1000.0);
        Value(text, "portwatch_baseline_timestamp_seconds").ShouldBe(1_772_366_400);
    }

    [Fact]
    public void TrackWebConfig_ReadsTheReloadStateAtEachScrape()
    {
        var metrics = Metrics();
        var successful = true;
        var readAt = new DateTimeOffset(2026, 12, 1, 12, 0, 0, 250, TimeSpan.Zero);
        var throttled = 0L;
        metrics.Metrics.Add(new WebConfigCollector(() => successful, () => readAt, () => throttled));

        Value(Render(metrics), "portwatch_web_config_last_reload_successful").ShouldBe(1);
        Value(Render(metrics), "portwatch_basic_auth_throttled_total").ShouldBe(0);
        successful = false;
        throttled = 7;
        var text = Render(metrics);

        Value(text, "portwatch_basic_auth_throttled_total").ShouldBe(7);

        Value(text, "portwatch_web_config_last_reload_successful").ShouldBe(0);
        Value(text, "portwatch_web_config_last_reload_success_timestamp_seconds").ShouldBe(readAt.ToUnixTimeMilliseconds() / 1000.0);
    }

    [Fact]
    public void RecordScan_FailedScan_WritesZeroSuccessAndCountsTheStage()
    {
        var metrics = Metrics();
        var good = Timed(Result());
        metrics.Scan.RecordScan(good);
        metrics.Scan.RecordPublished(good, Expose);
        metrics.Listeners.RecordPublished(good);

        metrics.Scan.RecordScan(good with { Success = false, FailedStage = ScanStage.Attribute, Error = "denied" });
        metrics.Scan.RecordExposeFailure();

        var text = Render(metrics);
        Value(text, "portwatch_scan_success").ShouldBe(0);
        Value(text, "portwatch_scans_total").ShouldBe(2);
        Value(text, "portwatch_scan_errors_total{stage=\"enumerate\"}").ShouldBe(0);
        Value(text, "portwatch_scan_errors_total{stage=\"attribute\"}").ShouldBe(1);
        Value(text, "portwatch_scan_errors_total{stage=\"classify\"}").ShouldBe(0);
        Value(text, "portwatch_scan_errors_total{stage=\"expose\"}").ShouldBe(1);
        Value(text, "portwatch_last_scan_timestamp_seconds").ShouldBe(Now.ToUnixTimeMilliseconds() / 1000.0);
    }

    [Fact]
    public void Render_BeforeAnyScan_HasNoSuccessLastScanOrBaselineButEveryErrorStageAtZero()
    {
        var text = Render(Metrics());

        Value(text, "portwatch_scan_success").ShouldBeNull();
        Value(text, "portwatch_last_scan_timestamp_seconds").ShouldBeNull();
        Value(text, "portwatch_baseline_timestamp_seconds").ShouldBeNull();
        foreach (var stage in ScanCollector.StageLabels)
        {
            Value(text, $"portwatch_scan_errors_total{{stage=\"{stage}\"}}").ShouldBe(0);
        }
    }

    [Fact]
    public void RecordPublished_Counts_HaveEveryProtocolRangeStatusCombinationWithZeros()
    {
        var metrics = Metrics();
        var result = Result(
            Listener("tcp", "0.0.0.0", 22),
            Listener("tcp", "::", 22),
            Listener("tcp", "0.0.0.0", 12),
            Listener("udp", "0.0.0.0", 50000),
            Listener("tcp", "0.0.0.0", 6001));

        metrics.Scan.RecordPublished(result, Expose);
        metrics.Listeners.RecordPublished(result);

        var text = Render(metrics);
        Value(text, "portwatch_listeners{protocol=\"tcp\",range=\"system\",iana_status=\"assigned\"}").ShouldBe(2);
        Value(text, "portwatch_listeners{protocol=\"tcp\",range=\"system\",iana_status=\"unassigned\"}").ShouldBe(1);
        Value(text, "portwatch_listeners{protocol=\"tcp\",range=\"user\",iana_status=\"assigned\"}").ShouldBe(1);
        Value(text, "portwatch_listeners{protocol=\"udp\",range=\"dynamic\",iana_status=\"unassigned\"}").ShouldBe(1);
        Value(text, "portwatch_listeners{protocol=\"udp\",range=\"system\",iana_status=\"private\"}").ShouldBe(0);
        text.Split('\n').Count(l => l.StartsWith("portwatch_listeners{", StringComparison.Ordinal)).ShouldBe(2 * 3 * 4);
    }

    [Fact]
    public void RecordPublished_OnlyTcpScanned_CountsOnlyTcp()
    {
        var metrics = Metrics(new ScanOptions { Protocols = new HashSet<TransportProtocol> { TransportProtocol.Tcp } });

        metrics.Scan.RecordPublished(Result(), Expose);
        metrics.Listeners.RecordPublished(Result());

        var counts = Render(metrics).Split('\n').Where(l => l.StartsWith("portwatch_listeners{", StringComparison.Ordinal)).ToList();
        counts.Count.ShouldBe(12);
        counts.ShouldAllBe(l => l.StartsWith("portwatch_listeners{protocol=\"tcp\"", StringComparison.Ordinal) && l.EndsWith(" 0", StringComparison.Ordinal));
    }

    [Fact]
    public void RecordScan_MalformedLines_RunningTotalForEveryTableRead()
    {
        var metrics = Metrics();
        var lines = new Dictionary<string, int> { ["net/tcp"] = 2, ["net/tcp6"] = 0, ["net/udp"] = 0 };

        metrics.Scan.RecordScan(Result() with { MalformedLines = lines });
        metrics.Scan.RecordScan(Result() with { MalformedLines = new Dictionary<string, int> { ["net/tcp"] = 1 } });

        var text = Render(metrics);
        Value(text, "portwatch_procfs_malformed_lines_total{file=\"net/tcp\"}").ShouldBe(3);
        Value(text, "portwatch_procfs_malformed_lines_total{file=\"net/udp\"}").ShouldBe(0);
        text.ShouldNotContain("net/udp6");
    }

    [Fact]
    public void Construct_Settings_IntervalAttributionUnreadableAndStateWrites()
    {
        var metrics = Metrics(new ScanOptions { Interval = TimeSpan.FromSeconds(30), AttributeProcesses = false });

        metrics.Scan.RecordScan(Result() with { ProcessesUnreadable = 7 });
        metrics.State.RecordStateWriteFailure();

        var text = Render(metrics);
        Value(text, "portwatch_scan_interval_seconds").ShouldBe(30);
        Value(text, "portwatch_process_attribution_enabled").ShouldBe(0);
        Value(text, "portwatch_processes_unreadable").ShouldBe(7);
        Value(text, "portwatch_state_write_errors_total").ShouldBe(1);
        text.ShouldContain("# TYPE portwatch_scans_total counter\n");
    }

    [Fact]
    public void Construct_Registry_WritesEntriesSourceAndUpdatedDate()
    {
        var registry = new PortRegistry(
            TestRegistry.Parse(",0,,Reserved,,,,,,,,", "ssh,22,tcp,SSH,,,,,,,,", "ssh,22,udp,SSH,,,,,,,,").Records,
            new RegistryInfo("/etc/portwatch/ports.csv", new DateOnly(2025, 12, 31)));

        var text = Render(new TestMetrics(new ScanOptions(), registry));

        Value(text, "portwatch_registry_entries{protocol=\"tcp\"}").ShouldBe(2);
        Value(text, "portwatch_registry_entries{protocol=\"udp\"}").ShouldBe(2);
        Value(text, "portwatch_registry_entries{protocol=\"sctp\"}").ShouldBe(1);
        Value(text, "portwatch_registry_info{source=\"/etc/portwatch/ports.csv\",updated=\"2025-12-31\"}").ShouldBe(1);
        Value(text, "portwatch_registry_updated_timestamp_seconds").ShouldBe(1_767_139_200);
    }

    [Fact]
    public void Construct_WithProcess_HasTheLibrarysProcessFamiliesAndThePrometheusClientNames()
    {
        var text = Render(new TestMetrics(new ScanOptions(), TestRegistry.Small(), withProcess: true));

        var families = Families(text);
        families.ShouldContain("process_cpu_seconds_total");
        families.ShouldContain("process_start_time_seconds");
        families.ShouldContain("dotnet_collection_count_total");
        families.ShouldContain("portwatch_build_info");
        Value(text, "process_resident_memory_bytes")!.Value.ShouldBeGreaterThan(1_000_000);
        Value(text, "process_open_fds")!.Value.ShouldBeGreaterThan(2);
        Value(text, "process_max_fds")!.Value.ShouldBeGreaterThanOrEqualTo(Value(text, "process_open_fds")!.Value);
        families.ShouldBeUnique();
        families.ShouldAllBe(f => !f.StartsWith("system_runtime", StringComparison.Ordinal) && !f.StartsWith("microsoft_", StringComparison.Ordinal));
    }

    [Fact]
    public void RecordStateReset_WritesWhenWithTheReasonAndWhereTheFileWent_AndNothingWithoutOne()
    {
        var metrics = Metrics();
        Render(metrics).ShouldNotContain("portwatch_state_reset");

        metrics.State.RecordStateReset("malformed", "/var/lib/portwatch/state.json.corrupt-20260301T120000Z", Now);

        var text = Render(metrics);
        text.ShouldContain("# TYPE portwatch_state_reset_timestamp_seconds gauge");
        Value(text, "portwatch_state_reset_timestamp_seconds{reason=\"malformed\",moved_to=\"/var/lib/portwatch/state.json.corrupt-20260301T120000Z\"}")
            .ShouldBe(Now.ToUnixTimeMilliseconds() / 1000.0);
    }

    [Fact]
    public void TrackRequests_AtEachScrape_WritesTheLimitTheRequestsBeingServedAndThoseTurnedAway()
    {
        var metrics = Metrics();
        var inFlight = 3;
        var rejected = 7L;
        metrics.Metrics.Add(new RequestsCollector(40, () => inFlight, () => rejected));

        var before = Render(metrics);
        inFlight = 1;
        rejected = 9;
        var after = Render(metrics);

        Value(before, "portwatch_http_max_requests").ShouldBe(40);
        Value(before, "portwatch_http_requests_in_flight").ShouldBe(3);
        Value(before, "portwatch_http_requests_rejected_total").ShouldBe(7);
        Value(after, "portwatch_http_requests_in_flight").ShouldBe(1);
        Value(after, "portwatch_http_requests_rejected_total").ShouldBe(9);
    }

    [Fact]
    public void RecordSelection_ListenersLeftOut_GaugeByClassAndACounterOfEachListenerWhenItBeginsToBeLeftOut()
    {
        var metrics = Metrics(new ScanOptions { MaxListeners = 1 });
        var a = Listener("tcp", "0.0.0.0", 2000);
        var b = Listener("tcp", "0.0.0.0", 2001);
        var c = Listener("tcp", "0.0.0.0", 2002, expected: true);

        metrics.Listeners.RecordSelection(new PortWatch.Listeners.ListenerSelection([a], [b, c]));
        metrics.Listeners.RecordSelection(new PortWatch.Listeners.ListenerSelection([a], [b, c]));
        var text = Render(metrics);
        metrics.Listeners.RecordSelection(new PortWatch.Listeners.ListenerSelection([b], [a]));
        var later = Render(metrics);

        Value(text, "portwatch_listeners_limit").ShouldBe(1);
        Value(text, "portwatch_listeners_dropped{class=\"pages\"}").ShouldBe(0);
        Value(text, "portwatch_listeners_dropped{class=\"unexpected\"}").ShouldBe(1);
        Value(text, "portwatch_listeners_dropped{class=\"expected\"}").ShouldBe(1);
        Value(text, "portwatch_listener_drops_total{class=\"unexpected\"}").ShouldBe(1);
        Value(text, "portwatch_listener_drops_total{class=\"expected\"}").ShouldBe(1);
        Value(later, "portwatch_listeners_dropped{class=\"unexpected\"}").ShouldBe(1);
        Value(later, "portwatch_listeners_dropped{class=\"expected\"}").ShouldBe(0);
        Value(later, "portwatch_listener_drops_total{class=\"unexpected\"}").ShouldBe(2);
        Value(later, "portwatch_listener_drops_total{class=\"expected\"}").ShouldBe(1);
    }

    private static TestMetrics Metrics(ScanOptions? options = null) => new(options ?? new ScanOptions(), TestRegistry.Small());

    private static ScanResult Timed(ScanResult result) => result with
    {
        StageDurations = new Dictionary<ScanStage, TimeSpan>
        {
            [ScanStage.Enumerate] = TimeSpan.FromMilliseconds(1),
            [ScanStage.Attribute] = TimeSpan.FromMilliseconds(2),
            [ScanStage.Classify] = TimeSpan.FromMilliseconds(1),
        },
    };
}

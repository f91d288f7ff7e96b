using PortWatch.Exposition;
using PortWatch.Scanning;
using PortWatch.Sockets;
using PortWatch.Tests.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Exposition;

public sealed class ScanFamiliesTests
{
    private static readonly DateTimeOffset StartedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_772_366_400_000);
    private static readonly TimeSpan Expose = TimeSpan.FromMilliseconds(0.5);

    [Fact]
    public void Build_SuccessfulScan_WritesSuccessDurationsAndLastScan()
    {
        var families = ScanFamilies.Build(Success(), new ScanCounters(), new ScanOptions(), Expose).ToList();

        families.Family(MetricNames.ScanSuccess).Value().ShouldBe(1);
        families.Family(MetricNames.ScanDuration).Value().ShouldBe(0.0045, tolerance: 1e-12);
        var stages = families.Family(MetricNames.ScanStageDuration);
        stages.Value("stage=enumerate").ShouldBe(0.001);
        stages.Value("stage=attribute").ShouldBe(0.002);
        stages.Value("stage=classify").ShouldBe(0.001);
        stages.Value("stage=expose").ShouldBe(0.0005);
        families.Family(MetricNames.LastScan).Value().ShouldBe(1_772_366_400.004);
    }

    [Fact]
    public void Build_FailedScan_WritesZeroSuccessOnlyTheStagesThatRanAndTheLastGoodScanTime()
    {
        var failed = Success() with
        {
            Success = false,
            FailedStage = ScanStage.Enumerate,
            Error = "gone",
            StageDurations = new Dictionary<ScanStage, TimeSpan> { [ScanStage.Enumerate] = TimeSpan.FromMilliseconds(2) },
            LastSuccessAt = StartedAt.AddSeconds(-15),
        };

        var families = ScanFamilies.Build(failed, new ScanCounters(), new ScanOptions(), Expose).ToList();

        families.Family(MetricNames.ScanSuccess).Value().ShouldBe(0);
        families.Family(MetricNames.ScanStageDuration).Samples.Select(s => s.LabelValues[0]).ShouldBe(["enumerate"]);
        families.Family(MetricNames.LastScan).Value().ShouldBe(1_772_366_385);
    }

    [Fact]
    public void Build_NoSuccessfulScanYet_HasNoLastScanTimestamp()
    {
        var failed = Success() with { Success = false, FailedStage = ScanStage.Enumerate, LastSuccessAt = null };

        ScanFamilies.Build(failed, new ScanCounters(), new ScanOptions(), Expose).Select(f => f.Name).ShouldNotContain(MetricNames.LastScan);
    }

    [Fact]
    public void Build_ErrorsTotal_HasEveryStageWithZerosIncluded()
    {
        var counters = new ScanCounters();
        counters.Record(Success());
        counters.Record(Success() with { Success = false, FailedStage = ScanStage.Attribute });
        counters.RecordExposeFailure();

        var families = ScanFamilies.Build(Success(), counters, new ScanOptions(), Expose).ToList();

        var errors = families.Family(MetricNames.ScanErrors);
        errors.Type.ShouldBe(MetricType.Counter);
        errors.Value("stage=enumerate").ShouldBe(0);
        errors.Value("stage=attribute").ShouldBe(1);
        errors.Value("stage=classify").ShouldBe(0);
        errors.Value("stage=expose").ShouldBe(1);
        errors.Samples.Count.ShouldBe(4);
        families.Family(MetricNames.Scans).Value().ShouldBe(2);
    }

    [Fact]
    public void Build_MalformedLines_EveryScannedTableThatExistsWithItsRunningTotal()
    {
        var counters = new ScanCounters();
        counters.Record(Success() with { MalformedLines = new Dictionary<string, int> { ["net/tcp"] = 2 } });
        counters.Record(Success() with { MalformedLines = new Dictionary<string, int> { ["net/tcp"] = 1 } });
        var result = Success() with { MissingTables = ["net/udp6"] };

        var malformed = ScanFamilies.Build(result, counters, new ScanOptions(), Expose).Family(MetricNames.MalformedLines);

        malformed.Samples.Select(s => s.LabelValues[0]).ShouldBe(["net/tcp", "net/tcp6", "net/udp"]);
        malformed.Value("file=net/tcp").ShouldBe(3);
        malformed.Value("file=net/udp").ShouldBe(0);
    }

    [Fact]
    public void Build_OnlyUdpScanned_MalformedLinesHaveOnlyUdpTables()
    {
        var options = new ScanOptions { Protocols = new HashSet<TransportProtocol> { TransportProtocol.Udp } };

        ScanFamilies.Build(Success(), new ScanCounters(), options, Expose).Family(MetricNames.MalformedLines)
            .Samples.Select(s => s.LabelValues[0]).ShouldBe(["net/udp", "net/udp6"]);
    }

    [Fact]
    public void Build_Settings_IntervalAttributionAndUnreadableProcesses()
    {
        var options = new ScanOptions { Interval = TimeSpan.FromSeconds(30), AttributeProcesses = false };
        var counters = new ScanCounters();
        counters.RecordStateWriteFailure();

        var families = ScanFamilies.Build(Success() with { ProcessesUnreadable = 7 }, counters, options, Expose).ToList();

        families.Family(MetricNames.ScanInterval).Value().ShouldBe(30);
        families.Family(MetricNames.AttributionEnabled).Value().ShouldBe(0);
        families.Family(MetricNames.ProcessesUnreadable).Value().ShouldBe(7);
        families.Family(MetricNames.StateWriteErrors).Value().ShouldBe(1);
    }

    [Fact]
    public void Build_Families_RenderWithoutError()
    {
        var text = ScanFamilies.Build(Success(), new ScanCounters(), new ScanOptions(), Expose).Render();

        text.ShouldContain("# TYPE portwatch_scans_total counter\n");
        text.ShouldContain("portwatch_scan_stage_duration_seconds{stage=\"expose\"} 0.0005\n");
    }

    private static ScanResult Success() => new(
        StartedAt,
        true,
        null,
        null,
        [],
        StartedAt,
        StartedAt.AddMilliseconds(4),
        new Dictionary<ScanStage, TimeSpan>
        {
            [ScanStage.Enumerate] = TimeSpan.FromMilliseconds(1),
            [ScanStage.Attribute] = TimeSpan.FromMilliseconds(2),
            [ScanStage.Classify] = TimeSpan.FromMilliseconds(1),
        },
        new Dictionary<string, int>(),
        [],
        0);
}

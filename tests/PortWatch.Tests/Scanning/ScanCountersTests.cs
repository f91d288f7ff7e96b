using PortWatch.Scanning;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Scanning;

public sealed class ScanCountersTests
{
    [Fact]
    public void New_Counters_HaveEveryStageAtZero()
    {
        var counters = new ScanCounters();

        counters.Scans.ShouldBe(0);
        counters.ErrorsByStage.Keys.ShouldBe([ScanStage.Enumerate, ScanStage.Attribute, ScanStage.Classify, ScanStage.Expose], ignoreOrder: true);
        counters.ErrorsByStage.Values.ShouldAllBe(v => v == 0);
        counters.MalformedLines.ShouldBeEmpty();
    }

    [Fact]
    public void Record_Results_CountScansFailuresByStageAndMalformedLines()
    {
        var counters = new ScanCounters();

        counters.Record(Result(null, ("net/tcp", 2), ("net/udp", 0)));
        counters.Record(Result(ScanStage.Enumerate));
        counters.Record(Result(ScanStage.Attribute, ("net/tcp", 3)));
        counters.Record(Result(ScanStage.Enumerate));

        counters.Scans.ShouldBe(4);
        counters.ErrorsByStage[ScanStage.Enumerate].ShouldBe(2);
        counters.ErrorsByStage[ScanStage.Attribute].ShouldBe(1);
        counters.ErrorsByStage[ScanStage.Classify].ShouldBe(0);
        counters.MalformedLines["net/tcp"].ShouldBe(5);
        counters.MalformedLines["net/udp"].ShouldBe(0);
        counters.MalformedLines.ContainsKey("net/tcp6").ShouldBeFalse();
    }

    [Fact]
    public void RecordFailure_ExposeAndStateWrite_AreCountedSeparately()
    {
        var counters = new ScanCounters();

        counters.RecordExposeFailure();
        counters.RecordStateWriteFailure();
        counters.RecordStateWriteFailure();

        counters.ErrorsByStage[ScanStage.Expose].ShouldBe(1);
        counters.StateWriteErrors.ShouldBe(2);
        counters.Scans.ShouldBe(0);
    }

    private static ScanResult Result(ScanStage? failed, params (string Table, int Lines)[] malformed) => new(
        DateTimeOffset.UnixEpoch,
        failed is null,
        failed,
        failed is null ? null : "boom",
        [],
        DateTimeOffset.UnixEpoch,
        DateTimeOffset.UnixEpoch,
        new Dictionary<ScanStage, TimeSpan>(),
        malformed.ToDictionary(m => m.Table, m => m.Lines),
        [],
        0);
}

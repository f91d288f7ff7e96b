using Microsoft.Extensions.Logging;
using PortWatch.Tests.TestSupport;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Hosting;

public sealed class ScanPublisherTests : IDisposable
{
    private readonly ExporterParts parts = new();

    public ScanPublisherTests()
    {
        parts.Proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1)).AddProcess(10, "sshd", 1);
    }

    public void Dispose() => parts.Dispose();

    [Fact]
    public void Publish_SuccessfulScan_ServesItsListenersAndCountsIt()
    {
        parts.Publisher.Publish(Scan());

        parts.Latest.Current.ShouldNotBeNull().Result.Success.ShouldBeTrue();
        var text = parts.Scrape();
        text.ShouldContain("process=\"sshd\"");
        ExpositionText.Value(text, "portwatch_scan_success").ShouldBe(1);
        ExpositionText.Value(text, "portwatch_scans_total").ShouldBe(1);
        ExpositionText.Value(text, "portwatch_listeners{protocol=\"tcp\",range=\"system\",iana_status=\"assigned\"}").ShouldBe(1);
    }

    [Fact]
    public void Publish_FailedScanAfterASuccess_KeepsTheListenerSeriesAndReportsTheFailure()
    {
        parts.Publisher.Publish(Scan());
        parts.Proc.RemoveTable("tcp");
        parts.Time.Advance(TimeSpan.FromSeconds(15));

        parts.Publisher.Publish(Scan());

        var text = parts.Scrape();
        text.ShouldContain("portwatch_listener_info{protocol=\"tcp\",family=\"ipv4\",address=\"0.0.0.0\",port=\"22\"");
        ExpositionText.Value(text, "portwatch_scan_success").ShouldBe(0);
        ExpositionText.Value(text, "portwatch_scan_errors_total{stage=\"enumerate\"}").ShouldBe(1);
        ExpositionText.Value(text, "portwatch_scans_total").ShouldBe(2);
        ExpositionText.Value(text, "portwatch_last_scan_timestamp_seconds").ShouldBe(1_772_366_400);
    }

    [Fact]
    public void Publish_FirstScanFails_PublishesNothingAndSaysWhyUntilAScanSucceeds()
    {
        parts.Proc.RemoveTable("tcp");

        parts.Publisher.Publish(Scan());

        parts.Latest.Current.ShouldBeNull();
        parts.Latest.NotReadyReason.ShouldContain("failed in stage enumerate");
        parts.Proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1));
        parts.Time.Advance(TimeSpan.FromSeconds(15));
        parts.Publisher.Publish(Scan());
        parts.Value("portwatch_scan_errors_total{stage=\"enumerate\"}").ShouldBe(1);
        parts.Value("portwatch_listeners{protocol=\"tcp\",range=\"system\",iana_status=\"assigned\"}").ShouldBe(1);
    }

    [Fact]
    public void Publish_FailedScan_LogsTheReasonAndTheExceptionWithItsStackAtDebug()
    {
        parts.Proc.RemoveTable("tcp");

        parts.Publisher.Publish(Scan());

        var records = parts.PublisherLog.Collector.GetSnapshot();
        records.ShouldContain(r => r.Level == LogLevel.Error && r.Message.StartsWith("scan failed in stage enumerate: ", StringComparison.Ordinal));
        var detail = records.Single(r => r.Level == LogLevel.Debug);
        detail.Exception.ShouldBeOfType<FileNotFoundException>().StackTrace.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public void Publish_NewListenerAfterTheBaseline_IsLoggedOnce()
    {
        parts.Publisher.Publish(Scan());
        parts.Proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1), ProcNetLine.Format(1, "0.0.0.0", 12, ProcNetLine.Listen, 2));
        parts.Time.Advance(TimeSpan.FromSeconds(15));

        parts.Publisher.Publish(Scan());
        parts.Time.Advance(TimeSpan.FromSeconds(15));
        parts.Publisher.Publish(Scan());

        parts.PublisherLog.Collector.GetSnapshot().Where(r => r.Message.StartsWith("new listener", StringComparison.Ordinal)).Select(r => r.Message)
            .ShouldBe(["new listener tcp 0.0.0.0:12 process=unknown iana_status=unassigned iana_service=none expected=false"]);
    }

    private PortWatch.Scanning.ScanResult Scan() => parts.Scanner.Scan(TestContext.Current.CancellationToken);
}

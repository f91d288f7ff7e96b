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

    [Fact]
    public void Publish_MoreListenersThanTheLimit_ServesWhatPagesThenTheOldestUnexpectedAndCountsTheRest()
    {
        using var limited = new ExporterParts((scan, _) => scan.MaxListeners = 2);
        limited.Proc.SetTable("tcp", Lines(22, 2000, 2001, 12));

        limited.Publisher.Publish(limited.Scanner.Scan(TestContext.Current.CancellationToken));

        var text = limited.Scrape();
        InfoPorts(text).ShouldBe(["12", "22"]);
        limited.Latest.Current!.Served.Kept.Select(l => l.Key.Port).ShouldBe([12, 22]);
        ExpositionText.Value(text, "portwatch_listeners_limit").ShouldBe(2);
        ExpositionText.Value(text, "portwatch_listeners_dropped{class=\"pages\"}").ShouldBe(0);
        ExpositionText.Value(text, "portwatch_listeners_dropped{class=\"unexpected\"}").ShouldBe(2);
        ExpositionText.Value(text, "portwatch_listeners_dropped{class=\"expected\"}").ShouldBe(0);
        ExpositionText.Value(text, "portwatch_listener_drops_total{class=\"unexpected\"}").ShouldBe(2);
        // The counts still count every listener, so that dashboards see the flood.
        ExpositionText.Value(text, "portwatch_listeners{protocol=\"tcp\",range=\"user\",iana_status=\"unassigned\"}").ShouldBe(2);
        ExpositionText.Value(text, "portwatch_listeners{protocol=\"tcp\",range=\"system\",iana_status=\"unassigned\"}").ShouldBe(1);
        ExpositionText.Value(text, "portwatch_listeners{protocol=\"tcp\",range=\"system\",iana_status=\"assigned\"}").ShouldBe(1);
        ExpositionText.Families(text).ShouldBeUnique();
    }

    [Fact]
    public void Publish_LimitBitesStaysAndClears_WarnsOnceCountsEachListenerOnceAndSaysWhenItClears()
    {
        using var limited = new ExporterParts((scan, _) =>
        {
            scan.MaxListeners = 2;
            scan.Retention = TimeSpan.Zero; // Closed listeners leave at once, so that the limit clears when they close.
        });
        limited.Proc.SetTable("tcp", Lines(22, 2000, 2001, 12));
        void ScanNow()
        {
            limited.Time.Advance(TimeSpan.FromSeconds(1));
            limited.Publisher.Publish(limited.Scanner.Scan(TestContext.Current.CancellationToken));
        }

        ScanNow();
        ScanNow();
        ScanNow();
        limited.Proc.SetTable("tcp", Lines(22, 2000, 2001, 2002, 12)); // A new listener, newer than the others: left out.
        ScanNow();
        ScanNow();

        limited.Value("portwatch_listeners_dropped{class=\"unexpected\"}").ShouldBe(3);
        limited.Value("portwatch_listener_drops_total{class=\"unexpected\"}").ShouldBe(3);
        var messages = limited.PublisherLog.Collector.GetSnapshot().Select(r => (r.Level, r.Message)).ToList();
        messages.Where(m => m.Message.Contains("scan.max-listeners", StringComparison.Ordinal)).ShouldBe(
        [
            (LogLevel.Warning, "4 listeners, more than scan.max-listeners=2: 2 are left out of the listener series and the landing page (2 unexpected); those that would page are kept first, then unexpected ones, oldest first. portwatch_listeners counts them all, portwatch list prints them all"),
        ]);
        messages.ShouldNotContain(m => m.Message.StartsWith("new listener", StringComparison.Ordinal));

        limited.Proc.SetTable("tcp", Lines(22, 12));
        ScanNow();
        ScanNow();

        limited.Value("portwatch_listeners_dropped{class=\"unexpected\"}").ShouldBe(0);
        limited.Value("portwatch_listener_drops_total{class=\"unexpected\"}").ShouldBe(3);
        limited.PublisherLog.Collector.GetSnapshot().Where(r => r.Message.Contains("within scan.max-listeners", StringComparison.Ordinal)).Select(r => (r.Level, r.Message))
            .ShouldBe([(LogLevel.Information, "2 listeners, within scan.max-listeners=2: every listener has its series again")]);
    }

    [Fact]
    public void Publish_NoLimit_ServesEveryListener()
    {
        using var unlimited = new ExporterParts((scan, _) => scan.MaxListeners = 0);
        unlimited.Proc.SetTable("tcp", Lines(22, 2000, 2001, 12));

        unlimited.Publisher.Publish(unlimited.Scanner.Scan(TestContext.Current.CancellationToken));

        InfoPorts(unlimited.Scrape()).ShouldBe(["12", "22", "2000", "2001"], ignoreOrder: true);
        unlimited.Value("portwatch_listeners_limit").ShouldBe(0);
        unlimited.Value("portwatch_listeners_dropped{class=\"unexpected\"}").ShouldBe(0);
    }

    private static string[] Lines(params int[] ports) =>
        [.. ports.Select((port, i) => ProcNetLine.Format(i, "0.0.0.0", port, ProcNetLine.Listen, (ulong)(100 + i)))];

    private static List<string> InfoPorts(string text) =>
        [.. text.Split('\n').Where(l => l.StartsWith("portwatch_listener_info{", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf("port=\"", StringComparison.Ordinal) + 6)..].Split('"')[0])];

    private PortWatch.Scanning.ScanResult Scan() => parts.Scanner.Scan(TestContext.Current.CancellationToken);
}

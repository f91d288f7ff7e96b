using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http;
using PortWatch.Hosting;
using PortWatch.Scanning;
using PortWatch.Tests.TestSupport;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Hosting;

/// <summary>/-/ready on a clock the test moves: 200 while a scan has succeeded within three scan intervals, 503 with the reason after.</summary>
public sealed class HealthEndpointsTests
{
    private static readonly string Ssh = ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 1);

    [Fact]
    public async Task Ready_BeforeAnyScan_Answers503WithTheReason()
    {
        using var parts = Parts(TimeSpan.FromSeconds(15));

        var (status, body) = await ReadyAsync(Health(parts));

        status.ShouldBe(503);
        body.ShouldBe("Not ready: the first scan has not finished\n");
    }

    [Fact]
    public async Task Ready_ScansFail_Is200ForThreeIntervalsThen503WithTheReason_AndScrapesKeepTheLastListeners()
    {
        using var parts = Parts(TimeSpan.FromSeconds(15));
        var health = Health(parts);
        Publish(parts);
        (await ReadyAsync(health)).ShouldBe((200, "Ready\n"));
        parts.Proc.RemoveTable("tcp");

        for (var i = 1; i <= 3; i++)
        {
            parts.Time.Advance(TimeSpan.FromSeconds(15));
            Publish(parts).Success.ShouldBeFalse();
            (await ReadyAsync(health)).Status.ShouldBe(200, $"{i * 15}s after the last successful scan: not more than three intervals");
        }

        parts.Time.Advance(TimeSpan.FromSeconds(1));
        var (status, body) = await ReadyAsync(health);

        status.ShouldBe(503);
        body.ShouldStartWith("Not ready: no scan has succeeded for 46s, more than 3 scan intervals of 15s; the listeners served are those of the last successful scan, at 2026-03-01T12:00:00Z; the last scan failed in stage enumerate: ");
        body.ShouldContain("net/tcp does not exist");
        var scrape = parts.Scrape();
        scrape.ShouldContain("portwatch_listener_info{protocol=\"tcp\",family=\"ipv4\",address=\"0.0.0.0\",port=\"22\"");
        ExpositionText.Value(scrape, "portwatch_scan_success").ShouldBe(0);

        parts.Proc.SetTable("tcp", Ssh);
        parts.Time.Advance(TimeSpan.FromSeconds(14));
        Publish(parts).Success.ShouldBeTrue();
        (await ReadyAsync(health)).ShouldBe((200, "Ready\n"));
    }

    [Fact]
    public async Task Ready_ScanHangs_Is503NamingTheStageOnceThreeIntervalsPass_BeforeTheHangIsReported()
    {
        // A 2s interval: three intervals (6s) come before the scheduler reports the hang (after 10s).
        using var parts = Parts(TimeSpan.FromSeconds(2));
        var health = Health(parts);
        var fifo = Path.Combine(parts.Proc.Path, "net", "tcp");
        await parts.Scheduler.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            parts.Lifetime.NotifyStarted();
            Eventually.True(() => parts.Latest.Current is not null, "the first scan");
            File.Delete(fifo);
            using (var mkfifo = Process.Start("mkfifo", [fifo]))
            {
                await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
                mkfifo.ExitCode.ShouldBe(0);
            }

            parts.Time.Advance(TimeSpan.FromSeconds(2));
            Eventually.True(() => parts.Scanner.CurrentStage is not null, "a scan blocked reading the named pipe");
            parts.Time.Advance(TimeSpan.FromSeconds(4));
            (await ReadyAsync(health)).ShouldBe((200, "Ready\n"));

            parts.Time.Advance(TimeSpan.FromSeconds(1));
            var (status, body) = await ReadyAsync(health);

            status.ShouldBe(503);
            body.ShouldBe($"Not ready: no scan has succeeded for 7s, more than 3 scan intervals of 2s; the listeners served are those of the last successful scan, at 2026-03-01T12:00:00Z; the scan has been in stage enumerate for 5s without finishing (a read of {parts.Proc.Path} that hangs?)\n");
            parts.Latest.Current.ShouldNotBeNull().Result.Success.ShouldBeTrue(); // The hang is not reported as a failed scan yet.
        }
        finally
        {
            // Open the pipe for writing and close it: the blocked reader sees the end of the file and its thread returns.
            await using (new FileStream(fifo, FileMode.Open, FileAccess.Write))
            {
            }

            await parts.Scheduler.StopAsync(TestContext.Current.CancellationToken);
        }
    }

    private static ExporterParts Parts(TimeSpan interval)
    {
        var parts = new ExporterParts((scan, _) => scan.Interval = interval);
        parts.Proc.SetTable("tcp", Ssh).AddProcess(10, "sshd", 1);
        return parts;
    }

    private static HealthEndpoints Health(ExporterParts parts) => new(parts.Latest, parts.Scanner, parts.Options, parts.Time);

    private static ScanResult Publish(ExporterParts parts)
    {
        var result = parts.Scanner.Scan(TestContext.Current.CancellationToken);
        parts.Publisher.Publish(result);
        return result;
    }

    private static async Task<(int Status, string Body)> ReadyAsync(HealthEndpoints health)
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        await health.ReadyAsync(context);
        return (context.Response.StatusCode, Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
    }
}

using System.Net;
using PortWatch.Hosting;
using PortWatch.Processes;
using PortWatch.Registry;
using PortWatch.Scanning;
using PortWatch.Sockets;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Hosting;

public sealed class LandingPageTests
{
    [Fact]
    public void Render_HostileProcessName_IsHtmlEncoded()
    {
        var page = Page(Listener(22, "<script>alert(\"x\")</script>&", PortRange.System, IanaStatus.Assigned, "ssh", expected: true));

        var html = page.Render();

        html.ShouldNotContain("<script>");
        html.ShouldContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;");
    }

    [Fact]
    public void Render_Scan_SummarisesListenersAndMarksUnexpectedUnassignedSystemPorts()
    {
        var page = Page(
            Listener(22, "sshd", PortRange.System, IanaStatus.Assigned, "ssh", expected: true),
            Listener(12, "nc", PortRange.System, IanaStatus.Unassigned, "none", expected: false));

        var html = page.Render();

        html.ShouldContain("<p>2 listeners (1 assigned, 1 unassigned); last scan succeeded at 2026-03-01 12:00:00 UTC.</p>");
        html.ShouldContain("<tr class=\"bad\"><td>tcp</td><td>0.0.0.0</td><td>12</td>");
        html.ShouldContain("<tr><td>tcp</td><td>0.0.0.0</td><td>22</td>");
        html.ShouldContain("<a href=\"./metrics\">Metrics</a>");
    }

    [Fact]
    public void Render_BeforeTheFirstScan_SaysSo()
    {
        var html = new LandingPage(new LatestScan(), new WebOptions { TelemetryPath = "/probe" }).Render();

        html.ShouldContain("Not ready: the first scan has not finished.");
        html.ShouldContain("<a href=\"./probe\">Metrics</a>");
        html.ShouldNotContain("<table>");
    }

    private static LandingPage Page(params Listener[] listeners)
    {
        var latest = new LatestScan();
        var started = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        latest.Publish(new PublishedScan(
            new ScanResult(started, true, null, null, listeners, started, started, new Dictionary<ScanStage, TimeSpan>(), new Dictionary<string, int>(), [], 0),
            [],
            []));
        return new LandingPage(latest, new WebOptions());
    }

    private static Listener Listener(int port, string process, PortRange range, IanaStatus status, string service, bool expected) => new(
        new ListenerKey(TransportProtocol.Tcp, IpFamily.IPv4, IPAddress.Any, port),
        Exposure.Wildcard,
        new PortClassification("tcp", port, range, status, service, "", ""),
        [new ProcessInfo(1, process)],
        process,
        expected,
        DateTimeOffset.UnixEpoch,
        DateTimeOffset.UnixEpoch,
        true);
}

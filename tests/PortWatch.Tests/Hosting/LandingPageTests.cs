using System.Net;
using PortWatch.Exposition;
using PortWatch.Hosting;
using PortWatch.Listeners;
using PortWatch.Netlink;
using PortWatch.Owners;
using PortWatch.PacketSockets;
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
        html.ShouldContain("<p>1 would page (marked <b>pages</b>: range=&quot;system&quot;, iana_status=&quot;unassigned&quot;, expected=&quot;false&quot;).</p>");
        html.ShouldContain("<tr class=\"pages\"><td>pages</td><td>tcp</td><td>ipv4</td><td>0.0.0.0</td><td>12</td>");
        html.ShouldContain("<tr><td></td><td>tcp</td><td>ipv4</td><td>0.0.0.0</td><td>22</td>");
        html.ShouldContain("<a href=\"./metrics\">Metrics</a>");
    }

    [Fact]
    public void Render_Columns_AreTheListenerLabelsInOrder()
    {
        var html = Page(Listener(22, "sshd", PortRange.System, IanaStatus.Assigned, "ssh", expected: true)).Render();

        html.ShouldContain("<tr><th>pages</th>" + string.Concat(ListenerLabels.Info.Select(l => $"<th>{l.Name}</th>")) + "<th>open</th></tr>");
        html.ShouldContain("<td>wildcard</td><td>unknown</td><td>system</td><td>assigned</td><td>ssh</td><td>sshd</td><td>unknown</td><td>unknown</td><td>unknown</td><td>unknown</td><td>unknown</td><td>true</td><td>yes</td></tr>");
    }

    [Theory]
    [InlineData(12, "unassigned", false, true)]
    [InlineData(12, "unassigned", true, false)]
    [InlineData(13, "assigned", false, false)]
    [InlineData(225, "reserved", false, false)]
    [InlineData(24, "private", false, false)]
    [InlineData(1023, "reserved", false, false)]
    [InlineData(1024, "unassigned", false, false)]
    [InlineData(50000, "unassigned", false, false)]
    public void Render_PagingRule_MarksExactlyTheRowsThatPage(int port, string status, bool expected, bool pages)
    {
        var parsed = Enum.GetValues<IanaStatus>().Single(s => s.ToLabel() == status);
        var listener = Listener(port, "x", RegistryLabels.RangeOf(port), parsed, "none", expected);

        var html = Page(listener).Render();

        PagingRule.WouldPage(listener).ShouldBe(pages);
        html.Contains("<tr class=\"pages\">", StringComparison.Ordinal).ShouldBe(pages);
    }

    [Fact]
    public void Render_ListenersLeftOutByTheLimit_ShowsTheKeptRowsAndSaysHowManyWereLeftOut()
    {
        var sshd = Listener(22, "sshd", PortRange.System, IanaStatus.Assigned, "ssh", expected: true);
        var nc = Listener(12, "nc", PortRange.System, IanaStatus.Unassigned, "none", expected: false);
        var flood = Listener(4444, "flood", PortRange.User, IanaStatus.Unassigned, "none", expected: false);
        var latest = new LatestScan();
        var started = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        Listener[] all = [nc, sshd, flood];
        var selection = ListenerLimit.Select(all, 1);
        latest.Publish(new PublishedScan(
            new ScanResult(started, true, null, null, all, started, started, new Dictionary<ScanStage, TimeSpan>(), new Dictionary<string, int>(), [], 0),
            ListenerExposition.Build(selection.Kept),
            selection));

        var html = new LandingPage(latest, new WebOptions()).Render();

        html.ShouldContain("<p>3 listeners (1 assigned, 2 unassigned); last scan succeeded at 2026-03-01 12:00:00 UTC.</p>");
        html.ShouldContain("<p class=\"dropped\">1 listeners are shown, the most scan.max-listeners allows: 2 are left out of this table and of the listener series (1 unexpected, 1 expected).");
        html.ShouldContain("<td>12</td>");
        html.ShouldNotContain("<td>22</td>");
        html.ShouldNotContain("<td>4444</td>");
    }

    [Fact]
    public void Render_NothingLeftOut_SaysNothingOfTheLimit()
    {
        Page(Listener(22, "sshd", PortRange.System, IanaStatus.Assigned, "ssh", expected: true)).Render().ShouldNotContain("scan.max-listeners");
    }

    [Fact]
    public void Render_BeforeTheFirstScan_SaysSo()
    {
        var html = new LandingPage(new LatestScan(), new WebOptions { TelemetryPath = "/probe" }).Render();

        html.ShouldContain("Not ready: the first scan has not finished.");
        html.ShouldContain("<a href=\"./probe\">Metrics</a>");
        html.ShouldNotContain("<table>");
    }

    [Fact]
    public void Render_PacketSockets_AreATableOfEveryLabelAndTheCount_HtmlEncoded()
    {
        var filtered = new PacketSocket(
            new PacketSocketKey(PacketSocketKind.Packet, 0, "all", "any", "<b>dbus-daemon</b>", PacketFilter.Bpf), 2,
            [new ProcessInfo(7, "<b>dbus-daemon</b>") { Exe = "/memfd:x (deleted)", Executable = ExecutableClass.Memfd }],
            ProcessOwner.None, ExecutableClass.Memfd, Expected: false, DateTimeOffset.UnixEpoch);

        var html = Page([filtered], Listener(22, "sshd", PortRange.System, IanaStatus.Assigned, "ssh", expected: true)).Render();

        html.ShouldContain("<h2>Packet and raw sockets</h2>\n<p>1 series of portwatch_packet_sockets");
        html.ShouldContain("<table class=\"packet\"><tr>" + string.Concat(PacketSocketLabels.All.Select(l => $"<th>{l.Name}</th>")) + "<th>sockets</th></tr>");
        html.ShouldContain("<tr><td>packet</td><td>host</td><td>all</td><td>any</td><td>bpf</td><td>&lt;b&gt;dbus-daemon&lt;/b&gt;</td><td>memfd</td><td>none</td><td>none</td><td>none</td><td>none</td><td>false</td><td>2</td></tr>");
        html.ShouldNotContain("<b>dbus-daemon</b>");
    }

    private static LandingPage Page(params Listener[] listeners) => Page([], listeners);

    private static LandingPage Page(IReadOnlyList<PacketSocket> packetSockets, params Listener[] listeners)
    {
        var latest = new LatestScan();
        var started = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        latest.Publish(new PublishedScan(
            new ScanResult(started, true, null, null, listeners, started, started, new Dictionary<ScanStage, TimeSpan>(), new Dictionary<string, int>(), [], 0)
            {
                PacketSockets = packetSockets,
            },
            ListenerExposition.Build(listeners)));
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

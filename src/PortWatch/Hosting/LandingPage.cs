using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using PortWatch.Listeners;
using PortWatch.PacketSockets;
using PortWatch.Registry;
using PortWatch.Versioning;

namespace PortWatch.Hosting;

/// <summary>
/// The page at <c>/</c>: name, version, links, and the current listeners with every label of
/// <c>portwatch_listener_info</c>; the rows the paging rule selects are marked. Every value is HTML-encoded. Its
/// table holds the listeners that have series (scan.max-listeners), and says how many were left out. Below it, the
/// packet and raw sockets with every label of <c>portwatch_packet_sockets</c> and how many share them.
/// </summary>
internal sealed class LandingPage(LatestScan latest, WebOptions options)
{
    public Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(Render(), context.RequestAborted);
    }

    internal string Render()
    {
        static string E(string text) => WebUtility.HtmlEncode(text);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>PortWatch</title>")
            .Append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{padding:2px 8px;text-align:left;border-bottom:1px solid #ddd}tr.pages{color:#b00;font-weight:bold}</style>")
            .Append("</head><body>\n<h1>PortWatch</h1>\n<p>What is listening here, and should it be? Version ")
            .Append(E(BuildInfo.Version)).Append(" (").Append(E(BuildInfo.Revision)).Append(").</p>\n<ul>")
            .Append(CultureInfo.InvariantCulture, $"<li><a href=\"./{E(options.TelemetryPath.TrimStart('/'))}\">Metrics</a></li>")
            .Append("<li><a href=\"./-/healthy\">Health</a></li><li><a href=\"./-/ready\">Readiness</a></li><li><a href=\"./runbooks\">Runbooks</a></li></ul>\n");
        var published = latest.Current;
        var scan = published?.Result;
        if (published is null || scan is null)
        {
            return html.Append("<p>Not ready: ").Append(E(latest.NotReadyReason)).Append(".</p></body></html>\n").ToString();
        }

        var counts = string.Join(", ", scan.Listeners.GroupBy(l => l.Classification.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToLabel()}"));
        var paging = scan.Listeners.Count(PagingRule.WouldPage);
        var rule = string.Join(", ", PagingRule.Matchers.Select(m => $"{m.Key}=\"{m.Value}\""));
        html.Append(CultureInfo.InvariantCulture, $"<p>{scan.Listeners.Count} listeners ({E(counts)}); last scan {(scan.Success ? "succeeded" : "failed")} at {scan.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC.</p>\n")
            .Append(CultureInfo.InvariantCulture, $"<p>{paging} would page (marked <b>pages</b>: {E(rule)}).</p>\n");
        var served = published.Served;
        if (served.Dropped.Count > 0)
        {
            var classes = served.DroppedText;
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"dropped\">{served.Kept.Count} listeners are shown, the most scan.max-listeners allows: {served.Dropped.Count} are left out of this table and of the listener series ({E(classes)}). Those that would page are kept first, then unexpected ones, oldest first; <code>portwatch list</code> prints them all.</p>\n");
        }

        html.Append("<table><tr><th>pages</th>");
        foreach (var label in ListenerLabels.Info)
        {
            html.Append("<th>").Append(E(label.Name)).Append("</th>");
        }

        html.Append("<th>open</th></tr>\n");
        foreach (var listener in served.Kept)
        {
            var pages = PagingRule.WouldPage(listener);
            html.Append(pages ? "<tr class=\"pages\"><td>pages</td>" : "<tr><td></td>");
            foreach (var label in ListenerLabels.Info)
            {
                html.Append("<td>").Append(E(label.Value(listener))).Append("</td>");
            }

            html.Append("<td>").Append(listener.IsOpen ? "yes" : "closed").Append("</td></tr>\n");
        }

        html.Append("</table>\n");
        AppendPacketSockets(html, scan.PacketSockets);
        return html.Append("</body></html>\n").ToString();
    }

    private static void AppendPacketSockets(StringBuilder html, IReadOnlyList<PacketSocket> sockets)
    {
        static string E(string text) => WebUtility.HtmlEncode(text);
        html.Append(CultureInfo.InvariantCulture, $"<h2>Packet and raw sockets</h2>\n<p>{sockets.Count} series of portwatch_packet_sockets: sockets that need no port (filter bpf: a classic BPF filter is attached).</p>\n<table class=\"packet\"><tr>");
        foreach (var label in PacketSocketLabels.All)
        {
            html.Append("<th>").Append(E(label.Name)).Append("</th>");
        }

        html.Append("<th>sockets</th></tr>\n");
        foreach (var socket in sockets)
        {
            html.Append("<tr>");
            foreach (var label in PacketSocketLabels.All)
            {
                html.Append("<td>").Append(E(label.Value(socket))).Append("</td>");
            }

            html.Append(CultureInfo.InvariantCulture, $"<td>{socket.Count}</td></tr>\n");
        }

        html.Append("</table>\n");
    }
}

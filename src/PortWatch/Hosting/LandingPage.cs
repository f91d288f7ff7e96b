using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using PortWatch.Exposition;
using PortWatch.Registry;
using PortWatch.Sockets;

namespace PortWatch.Hosting;

/// <summary>The page at <c>/</c>: name, version, links, and a summary of the current listeners. Every value is HTML-encoded.</summary>
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
            .Append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{padding:2px 8px;text-align:left;border-bottom:1px solid #ddd}.bad{color:#b00}</style>")
            .Append("</head><body>\n<h1>PortWatch</h1>\n<p>What is listening here, and should it be? Version ")
            .Append(E(BuildInfo.Version)).Append(" (").Append(E(BuildInfo.Revision)).Append(").</p>\n<ul>")
            .Append(CultureInfo.InvariantCulture, $"<li><a href=\"./{E(options.TelemetryPath.TrimStart('/'))}\">Metrics</a></li>")
            .Append("<li><a href=\"./-/healthy\">Health</a></li><li><a href=\"./-/ready\">Readiness</a></li></ul>\n");
        var scan = latest.Current?.Result;
        if (scan is null)
        {
            return html.Append("<p>Not ready: ").Append(E(latest.NotReadyReason)).Append(".</p></body></html>\n").ToString();
        }

        var counts = string.Join(", ", scan.Listeners.GroupBy(l => l.Classification.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToLabel()}"));
        html.Append(CultureInfo.InvariantCulture, $"<p>{scan.Listeners.Count} listeners ({E(counts)}); last scan {(scan.Success ? "succeeded" : "failed")} at {scan.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC.</p>\n")
            .Append("<table><tr><th>Protocol</th><th>Address</th><th>Port</th><th>Exposure</th><th>Range</th><th>IANA status</th><th>Service</th><th>Process</th><th>Expected</th></tr>\n");
        foreach (var l in scan.Listeners)
        {
            var bad = l.Classification.Range == PortRange.System && l.Classification.Status == IanaStatus.Unassigned && !l.Expected;
            html.Append(bad ? "<tr class=\"bad\">" : "<tr>")
                .Append(CultureInfo.InvariantCulture, $"<td>{l.Key.Protocol.ToLabel()}</td><td>{E(l.Key.AddressText)}</td><td>{l.Key.Port}{(l.IsOpen ? "" : " (closed)")}</td><td>{l.Exposure.ToLabel()}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{l.Classification.Range.ToLabel()}</td><td>{l.Classification.Status.ToLabel()}</td><td>{E(l.Classification.Service)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{E(l.ProcessLabel)}</td><td>{(l.Expected ? "yes" : "no")}</td></tr>\n");
        }

        return html.Append("</table>\n</body></html>\n").ToString();
    }
}

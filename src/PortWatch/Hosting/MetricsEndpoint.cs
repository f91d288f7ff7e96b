using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using PortWatch.Exposition;
using PortWatch.ProcFs;
using PortWatch.Processes;

namespace PortWatch.Hosting;

/// <summary>
/// Serves the exposition: the latest scan's families as rendered, plus the build and process families of
/// this moment. Never waits on a scan. Gzips when the scraper accepts it. Until a scan has succeeded it
/// answers 503, so that Prometheus records a failed scrape (up 0) rather than a host with no listeners, which
/// would resolve open listener alerts on every restart and page again a second later.
/// </summary>
internal sealed class MetricsEndpoint(LatestScan latest)
{
    private static readonly RenderedFamily Build = RenderedFamily.Of(BuildInfo.Family());
    private readonly ProcFsRoot self = new("/proc");

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (latest.Current is not { } published)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync($"Not ready: {latest.NotReadyReason}. Metrics follow the first successful scan.\n", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var families = new List<RenderedFamily> { Build };
        families.AddRange(published.Families);
        families.AddRange(ProcessFamilies.Build(SelfProcessStats.Read(self)).Select(RenderedFamily.Of));
        var body = ExpositionComposer.Compose(families);

        var response = context.Response;
        response.ContentType = TextFormatWriter.ContentType;
        response.Headers.Vary = "Accept-Encoding";
        if (!AcceptsGzip(context.Request.Headers.AcceptEncoding))
        {
            response.ContentLength = body.Length;
            await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        response.Headers.ContentEncoding = "gzip";
        await using var gzip = new GZipStream(response.Body, CompressionLevel.Fastest, leaveOpen: true);
        await gzip.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>True when an Accept-Encoding header lists gzip (or *) with a non-zero quality.</summary>
    internal static bool AcceptsGzip(IEnumerable<string?> headers)
    {
        foreach (var coding in headers.SelectMany(h => (h ?? "").Split(',')))
        {
            var parts = coding.Split(';', StringSplitOptions.TrimEntries);
            if (!parts[0].Equals("gzip", StringComparison.OrdinalIgnoreCase) && parts[0] != "*")
            {
                continue;
            }

            var quality = parts.Skip(1).FirstOrDefault(p => p.StartsWith("q=", StringComparison.Ordinal));
            if (quality is null || !double.TryParse(quality[2..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var q) || q > 0)
            {
                return true;
            }
        }

        return false;
    }
}

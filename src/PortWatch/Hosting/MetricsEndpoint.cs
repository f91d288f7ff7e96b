using Microsoft.AspNetCore.Http;
using PortWatch.Exposition;
using Prometheus;

namespace PortWatch.Hosting;

/// <summary>
/// Serves the exposition through prometheus-net's own endpoint middleware, which negotiates the format (text
/// 0.0.4, or OpenMetrics when the scraper asks, as Prometheus does) and writes the exporter's registry; the
/// listener families rendered for the latest scan go in front of it (<see cref="ExpositionPrefixStream"/>).
/// Never waits on a scan. Gzips when the scraper accepts it. Until a scan has succeeded it answers 503, so that
/// Prometheus records a failed scrape (up 0) rather than a host with no listeners, which would resolve open
/// listener alerts on every restart and page again a second later.
/// </summary>
internal sealed class MetricsEndpoint(LatestScan latest, ExporterMetrics metrics)
{
    private readonly MetricServerMiddleware library = new(_ => Task.CompletedTask, new MetricServerMiddleware.Settings { Registry = metrics.Registry });

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        if (latest.Current is not { } published)
        {
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync($"Not ready: {latest.NotReadyReason}. Metrics follow the first successful scan.\n", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var gzip = AcceptsGzip(context.Request.Headers.AcceptEncoding);
        response.Headers.Vary = "Accept, Accept-Encoding";
        if (gzip)
        {
            response.Headers.ContentEncoding = "gzip";
        }

        var body = response.Body;
        await using var prefixed = new ExpositionPrefixStream(body, published.Exposition, metrics.Process, () => response.ContentType, gzip);
        response.Body = prefixed;
        try
        {
            await library.Invoke(context).ConfigureAwait(false);
            await prefixed.CompleteAsync(context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            response.Body = body;
        }
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

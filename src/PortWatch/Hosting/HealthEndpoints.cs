using System.Globalization;
using Microsoft.AspNetCore.Http;
using PortWatch.Scanning;

namespace PortWatch.Hosting;

/// <summary>
/// <c>/-/healthy</c> (the process serves) and <c>/-/ready</c>, as Prometheus's own. Ready means the listeners
/// served are current: 200 once a scan has succeeded, and 503 with the reason once no scan has succeeded for
/// <see cref="StaleIntervals"/> scan intervals (the scans fail, or one hangs). Scrapes still serve the last good
/// listeners meanwhile, with <c>portwatch_scan_success 0</c>.
/// </summary>
internal sealed class HealthEndpoints(LatestScan latest, Scanner scanner, ScanOptions options, TimeProvider time)
{
    /// <summary>How many scan intervals without a successful scan make the exporter not ready.</summary>
    public const int StaleIntervals = 3;

    public static Task HealthyAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return WriteAsync(context, StatusCodes.Status200OK, "Healthy\n");
    }

    public Task ReadyAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return NotReadyReason() is { } reason
            ? WriteAsync(context, StatusCodes.Status503ServiceUnavailable, $"Not ready: {reason}\n")
            : WriteAsync(context, StatusCodes.Status200OK, "Ready\n");
    }

    /// <summary>Why the exporter is not ready now; null when it is.</summary>
    public string? NotReadyReason()
    {
        if (latest.Current is not { Result: var result })
        {
            return latest.NotReadyReason;
        }

        var now = time.GetUtcNow();
        var lastSuccess = result.LastSuccessAt ?? result.StartedAt;
        var since = now - lastSuccess;
        if (since <= options.Interval * StaleIntervals)
        {
            return null;
        }

        string why;
        if (!result.Success)
        {
            why = $"the last scan failed in stage {result.FailedStage?.ToLabel()}: {result.Error}";
        }
        else if (scanner.CurrentStage is { } current)
        {
            why = $"the scan has been in stage {current.Stage.ToLabel()} for {Seconds(now - current.Since)} without finishing (a read of {options.ProcFsPath} that hangs?)";
        }
        else
        {
            why = "no scan has run since";
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"no scan has succeeded for {Seconds(since)}, more than {StaleIntervals} scan intervals of {Seconds(options.Interval)}; the listeners served are those of the last successful scan, at {lastSuccess.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}; {why}");
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + "s";

    private static Task WriteAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }
}

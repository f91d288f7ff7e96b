using Microsoft.AspNetCore.Http;

namespace PortWatch.Hosting;

/// <summary><c>/-/healthy</c> (the process serves) and <c>/-/ready</c> (200 once a scan has succeeded), as Prometheus's own.</summary>
internal sealed class HealthEndpoints(LatestScan latest)
{
    public static Task HealthyAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return WriteAsync(context, StatusCodes.Status200OK, "Healthy\n");
    }

    public Task ReadyAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return latest.Current is null
            ? WriteAsync(context, StatusCodes.Status503ServiceUnavailable, $"Not ready: {latest.NotReadyReason}\n")
            : WriteAsync(context, StatusCodes.Status200OK, "Ready\n");
    }

    private static Task WriteAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace PortWatch.Hosting;

/// <summary>
/// Bounds the requests served at once by the endpoints whose cost grows with the listeners (the metrics path and the
/// landing page): <c>--web.max-requests</c>. A request beyond the limit gets an immediate 503 with node_exporter's
/// text and is counted; nothing queues, so a storm of scrapes holds at most <see cref="Max"/> responses in memory.
/// A compare-and-swap on a counter, no lock and no semaphore: a request is turned away only when <see cref="Max"/>
/// others are being served at that moment.
/// </summary>
internal sealed class RequestLimit(int max)
{
    private readonly byte[] rejection = System.Text.Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"Limit of concurrent requests reached ({max}), try again later.\n"));
    private int inFlight;
    private long rejected;

    /// <summary>The limit; 0 for none.</summary>
    public int Max => max;

    /// <summary>Requests being served now.</summary>
    public int InFlight => Volatile.Read(ref inFlight);

    /// <summary>Requests turned away with a 503 since the start.</summary>
    public long Rejected => Interlocked.Read(ref rejected);

    /// <summary>Takes a place, or returns false (and counts a rejection) when all are taken.</summary>
    public bool TryEnter()
    {
        while (true)
        {
            var current = Volatile.Read(ref inFlight);
            if (max > 0 && current >= max)
            {
                Interlocked.Increment(ref rejected);
                return false;
            }

            if (Interlocked.CompareExchange(ref inFlight, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    /// <summary>Gives back the place <see cref="TryEnter"/> took.</summary>
    public void Exit() => Interlocked.Decrement(ref inFlight);

    /// <summary><paramref name="next"/>, served within the limit.</summary>
    public RequestDelegate Limit(RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return async context =>
        {
            if (!TryEnter())
            {
                await RejectAsync(context).ConfigureAwait(false);
                return;
            }

            try
            {
                await next(context).ConfigureAwait(false);
            }
            finally
            {
                Exit();
            }
        };
    }

    private Task RejectAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.XContentTypeOptions = "nosniff";
        response.ContentLength = rejection.Length;
        return response.Body.WriteAsync(rejection, context.RequestAborted).AsTask();
    }
}

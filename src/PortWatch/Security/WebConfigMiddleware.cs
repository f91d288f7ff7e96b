using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PortWatch.Security;

/// <summary>
/// In front of routing, so that it covers every endpoint there is or will be (and paths that match none): adds
/// the file's headers to every response, and asks for basic auth credentials on every path but the one left open
/// (<c>/-/healthy</c>, for liveness probes). A request without good credentials gets 401 with
/// <c>WWW-Authenticate: Basic</c> and a debug log line, nothing more; one whose check finds the bcrypt queue full
/// gets 429 at once, counted in <c>portwatch_basic_auth_throttled_total</c>.
/// </summary>
internal sealed partial class WebConfigMiddleware(WebConfigSource source, string openPath, ILogger logger)
{
    /// <summary>The text of the 429 a request gets when the bcrypt queue is full.</summary>
    public static readonly string ThrottledText = string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"Too many credential checks waiting ({BcryptQueue.DefaultMaxWaiting}), try again later.\n");

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var snapshot = source.Current;
        foreach (var (name, value) in snapshot.Config.Http.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (!snapshot.Auth.Enabled || string.Equals(context.Request.Path.Value, openPath, StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        var authorization = context.Request.Headers.Authorization;
        BasicAuthResult result;
        string user;
        try
        {
            (result, user) = await snapshot.Auth.CheckAsync(authorization.Count == 1 ? authorization[0] : null, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // The client left while waiting for bcrypt.
        }

        if (result == BasicAuthResult.Success)
        {
            await next(context);
            return;
        }

        if (result == BasicAuthResult.Throttled)
        {
            // Not checked: the bcrypt queue is full (a flood of wrong passwords). Counted, not logged one line each.
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = "1";
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(ThrottledText, context.RequestAborted);
            return;
        }

        if (logger.IsEnabled(LogLevel.Debug))
        {
            var remote = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            LogUnauthorized(logger, context.Request.Path.Value ?? "", result == BasicAuthResult.Missing ? "no basic auth credentials" : "wrong user or password", user, remote);
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Basic";
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync("Unauthorized\n", context.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "401 for {Path}: {Reason} (user \"{User}\", from {Remote})")]
    private static partial void LogUnauthorized(ILogger logger, string path, string reason, string user, string remote);
}

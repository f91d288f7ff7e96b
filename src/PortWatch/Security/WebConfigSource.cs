using System.Net.Security;
using Microsoft.Extensions.Logging;

namespace PortWatch.Security;

/// <summary>
/// The web configuration in force, re-read when it changes: new certificates and new users apply from the next
/// connection or request, without a restart. There is no watcher thread. A connection or request asks for
/// <see cref="Current"/>; at most once a second (on the injected clock) that compares the identity of the file
/// and of the files it names (<see cref="FileIdentity"/>: a few stat calls) with what was read, and reads them again
/// when one changed. A reload that fails keeps the last good configuration, logs its error once (until the files
/// change again) and sets <see cref="LastReloadSuccessful"/> to false. A file that would weaken the configuration in
/// force (empty, TLS or basic auth or client certificates taken away: <see cref="WebConfigReloadRules"/>) is refused
/// the same way; so is one that changes what Kestrel set when it started listening (TLS on or off, HTTP/2). A reload
/// keeps the bcrypt cache entries of users whose hash did not change (a certificate rotation keeps them all).
/// </summary>
internal sealed partial class WebConfigSource
{
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly bool tlsAtStart;
    private readonly bool http2AtStart;
    private volatile WebConfigSnapshot current;
    private IReadOnlyList<(string Path, FileIdentity Identity)> watched;
    private long nextCheck;
    private int checking;
    private volatile bool lastReloadSuccessful = true;
    private long lastSuccessTicks;

    public WebConfigSource(WebConfigSnapshot initial, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(time);
        current = initial;
        watched = initial.Identities;
        this.time = time;
        this.logger = logger;
        tlsAtStart = initial.Tls is not null;
        http2AtStart = initial.Config.Http.Http2;
        lastSuccessTicks = time.GetUtcNow().UtcTicks;
        nextCheck = time.GetTimestamp() + time.TimestampFrequency;
    }

    public string Path => current.Config.Path;

    /// <summary>The configuration to use now, after checking (at most once a second) whether its files changed.</summary>
    public WebConfigSnapshot Current
    {
        get
        {
            CheckForChanges();
            return current;
        }
    }

    /// <summary>False when the last attempt to re-read the files failed (the last good configuration is still in force).</summary>
    public bool LastReloadSuccessful => lastReloadSuccessful;

    /// <summary>When the configuration in force was read: startup, or the last reload that succeeded.</summary>
    public DateTimeOffset LastSuccess => new(Interlocked.Read(ref lastSuccessTicks), TimeSpan.Zero);

    /// <summary>Requests answered 429 because the bcrypt queue was full (<see cref="BcryptQueue"/>), read without a look at the files.</summary>
    public long AuthThrottled => current.Auth.Queue.Throttled;

    /// <summary>Reloads so far that succeeded, and that failed.</summary>
    public (long Succeeded, long Failed) Reloads { get; private set; }

    /// <summary>The options of a new TLS connection's handshake, from the configuration in force.</summary>
    public SslServerAuthenticationOptions ServerOptions()
    {
        var tls = Current.Tls ?? throw new InvalidOperationException("TLS was not configured when the exporter started");
        return tls.ServerOptions(reason => LogClientCertificateRefused(logger, reason));
    }

    /// <summary>Compares the files with what was read, when a second has passed since the last look, and reloads them if they changed.</summary>
    public void CheckForChanges()
    {
        var now = time.GetTimestamp();
        if (now < Interlocked.Read(ref nextCheck) || Interlocked.Exchange(ref checking, 1) == 1)
        {
            return;
        }

        try
        {
            Interlocked.Exchange(ref nextCheck, now + time.TimestampFrequency);
            if (watched.All(file => FileIdentity.Of(file.Path) == file.Identity))
            {
                return;
            }

            Reload();
        }
        finally
        {
            Volatile.Write(ref checking, 0);
        }
    }

    private void Reload()
    {
        var identities = new List<(string Path, FileIdentity Identity)>();
        try
        {
            var next = WebConfigLoader.Load(Path, identities, current.Auth);
            if (WebConfigReloadRules.Problem(current, next, tlsAtStart, http2AtStart) is { } refused)
            {
                throw refused;
            }

            current = next;
            watched = next.Identities;
            lastReloadSuccessful = true;
            Interlocked.Exchange(ref lastSuccessTicks, time.GetUtcNow().UtcTicks);
            Reloads = (Reloads.Succeeded + 1, Reloads.Failed);
            LogReloaded(logger, Path, next.Tls is null ? "off" : next.Tls.Certificate.Subject, next.Config.Users.Count);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Any failure, foreseen or not, keeps the configuration in force: a reload never fails a request.
            // Watch what this attempt read, so that the next change to any of it (a fixed certificate, the file
            // itself) is tried, and this failure is not logged again meanwhile.
            watched = identities;
            lastReloadSuccessful = false;
            Reloads = (Reloads.Succeeded, Reloads.Failed + 1);
            LogReloadFailed(logger, e is WebConfigException ? e.Message : $"{Path}: {e.GetType().Name}: {e.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "re-read the web configuration file {Path}: TLS certificate {Certificate}, {Users} basic auth users")]
    private static partial void LogReloaded(ILogger logger, string path, string certificate, int users);

    [LoggerMessage(Level = LogLevel.Error, Message = "cannot re-read the web configuration, keeping the one read before (portwatch_web_config_last_reload_successful is 0): {Error}")]
    private static partial void LogReloadFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "TLS handshake refused: {Reason}")]
    private static partial void LogClientCertificateRefused(ILogger logger, string reason);
}

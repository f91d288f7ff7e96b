using Microsoft.Extensions.Logging;
using PortWatch.Exposition;
using PortWatch.Listeners;
using PortWatch.Registry;
using PortWatch.Scanning;
using PortWatch.Sockets;

namespace PortWatch.Hosting;

/// <summary>
/// Hands each scan to the scrapes: counts it, renders its listener families (the expose stage) and publishes
/// both to <see cref="LatestScan"/>, and logs what changed. Nothing it meets is fatal: a failure to render keeps
/// the previous scan in place and is counted.
/// </summary>
internal sealed partial class ScanPublisher(
    LatestScan latest,
    ScanCollector scans,
    ListenersCollector listeners,
    ShortLivedCollector shortLived,
    ScanOptions options,
    TimeProvider time,
    ILogger logger)
{
    private bool lastScanFailed;
    private bool firstSuccessLogged;
    private bool limitReached;

    public void Publish(ScanResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        scans.RecordScan(result);
        shortLived.RecordScan(result);
        LogOutcome(result);
        var previous = latest.Current;
        if (!result.Success && previous is null)
        {
            // Until a scan succeeds there is no listener set to serve: /metrics and /-/ready answer 503 with the
            // reason, so that Prometheus records a failed scrape rather than a host without listeners.
            latest.NotReady($"no scan has succeeded yet; the last failed in stage {result.FailedStage?.ToLabel()}: {result.Error}");
            return;
        }

        // Chosen and rendered once a change: a scan whose series are those of the one published reuses its bytes.
        var changed = result.Success && (previous is null || previous.Result.Version != result.Version);
        var started = time.GetTimestamp();
        var served = changed ? ListenerLimit.Select(result.Listeners, options.MaxListeners) : previous!.Served;
        try
        {
            var exposition = changed ? ListenerExposition.Build(served.Kept, result.PacketSockets) : previous!.Exposition;
            var exposeDuration = time.GetElapsedTime(started);
            var publishedResult = result.Success ? result : previous!.Result with { LastSuccessAt = result.LastSuccessAt };
            scans.RecordPublished(publishedResult, exposeDuration);
            listeners.RecordPublished(publishedResult);
            if (changed)
            {
                listeners.RecordSelection(served);
            }

            latest.Publish(new PublishedScan(result.Success ? result : result with { Version = previous!.Result.Version }, exposition, served));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug in rendering (a duplicate series): scrapes keep the previous scan and the failure is counted.
            scans.RecordExposeFailure();
            LogExposeFailed(e);
        }

        if (changed)
        {
            LogServed(result, served);
        }
    }

    private void LogOutcome(ScanResult result)
    {
        if (!result.Success)
        {
            LogScanFailed(result.FailedStage?.ToLabel() ?? "unknown", result.Error ?? "");
            if (result.Exception is { } exception)
            {
                LogScanFailure(exception);
            }

            lastScanFailed = true;
            return;
        }

        if (lastScanFailed)
        {
            LogScanRecovered();
            lastScanFailed = false;
        }

        if (!firstSuccessLogged)
        {
            firstSuccessLogged = true;
            LogFirstScan(result.Listeners.Count, result.Baseline ?? result.StartedAt, result.ProcessesUnreadable);
            if (result.ProcessesUnreadable > 0)
            {
                LogAttributionDegraded(result.ProcessesUnreadable);
            }
        }

        foreach (var (listener, uid) in result.ShortLived ?? [])
        {
            var status = listener.Classification.Status.ToLabel();
            LogShortLived(listener.Key, uid, status, listener.Classification.Service, listener.Expected ? "true" : "false");
        }
    }

    /// <summary>
    /// New listeners among those served, and the listener limit when it begins or stops leaving listeners out: once
    /// a change, not once a scan. A flood left out of the series is not logged one line a listener either.
    /// </summary>
    private void LogServed(ScanResult result, ListenerSelection served)
    {
        if (served.Dropped.Count > 0 && !limitReached)
        {
            var classes = served.DroppedText;
            LogLimitReached(result.Listeners.Count, options.MaxListeners, served.Dropped.Count, classes);
        }
        else if (served.Dropped.Count == 0 && limitReached)
        {
            LogLimitCleared(result.Listeners.Count, options.MaxListeners);
        }

        limitReached = served.Dropped.Count > 0;
        foreach (var listener in served.Kept.Where(l => l.IsOpen && l.FirstSeen == result.StartedAt && result.StartedAt > result.Baseline))
        {
            var status = listener.Classification.Status.ToLabel();
            var expected = listener.Expected ? "true" : "false";
            if (listener.Ephemeral)
            {
                // A port in the ephemeral range: most such sockets are clients' (DNS lookups, probes); not worth the info log.
                LogNewEphemeralListener(listener.Key, listener.ProcessLabel, status, listener.Classification.Service, expected);
            }
            else
            {
                LogNewListener(listener.Key, listener.ProcessLabel, status, listener.Classification.Service, expected);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Listeners} listeners, more than scan.max-listeners={Max}: {Dropped} are left out of the listener series and the landing page ({Classes}); those that would page are kept first, then unexpected ones, oldest first. portwatch_listeners counts them all, portwatch list prints them all")]
    private partial void LogLimitReached(int listeners, int max, int dropped, string classes);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Listeners} listeners, within scan.max-listeners={Max}: every listener has its series again")]
    private partial void LogLimitCleared(int listeners, int max);

    [LoggerMessage(Level = LogLevel.Information, Message = "first scan: {Listeners} listeners; the first-seen baseline is {Baseline:O}; {Unreadable} processes unreadable")]
    private partial void LogFirstScan(int listeners, DateTimeOffset baseline, int unreadable);

    [LoggerMessage(Level = LogLevel.Warning, Message = "process attribution is degraded: {Unreadable} processes could not be read (not root?); their listeners show process=\"unknown\". Run as root or grant CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE")]
    private partial void LogAttributionDegraded(int unreadable);

    [LoggerMessage(Level = LogLevel.Information, Message = "new listener {Listener} process={Process} iana_status={Status} iana_service={Service} expected={Expected}")]
    private partial void LogNewListener(ListenerKey listener, string process, string status, string service, string expected);

    [LoggerMessage(Level = LogLevel.Debug, Message = "new listener in the ephemeral range {Listener} process={Process} iana_status={Status} iana_service={Service} expected={Expected}")]
    private partial void LogNewEphemeralListener(ListenerKey listener, string process, string status, string service, string expected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "short-lived listener {Listener} opened and closed between two scans (seen by its destroy event) uid={Uid} iana_status={Status} iana_service={Service} expected={Expected}")]
    private partial void LogShortLived(ListenerKey listener, uint uid, string status, string service, string expected);

    [LoggerMessage(Level = LogLevel.Error, Message = "scan failed in stage {Stage}: {Error}")]
    private partial void LogScanFailed(string stage, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "the failed scan's exception")]
    private partial void LogScanFailure(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "scans succeed again")]
    private partial void LogScanRecovered();

    [LoggerMessage(Level = LogLevel.Error, Message = "rendering the scan failed; scrapes keep the previous one")]
    private partial void LogExposeFailed(Exception exception);
}

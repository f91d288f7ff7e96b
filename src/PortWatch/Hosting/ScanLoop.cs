using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PortWatch.Exposition;
using PortWatch.Registry;
using PortWatch.Scanning;
using PortWatch.State;

namespace PortWatch.Hosting;

/// <summary>
/// Scans every <see cref="ScanOptions.Interval"/>, renders the result (the expose stage) and publishes it for
/// scrapes; saves the first-seen record when it changes. A failed scan is logged and counted, never fatal.
/// </summary>
internal sealed partial class ScanLoop(
    Scanner scanner,
    ScanCounters counters,
    ScanOptions options,
    StateOptions stateOptions,
    PortRegistry registry,
    LatestScan latest,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<ScanLoop> logger) : BackgroundService
{
    private readonly IReadOnlyList<RenderedFamily> registryFamilies = [.. RegistryFamilies.Build(registry).Select(RenderedFamily.Of)];
    private DateTimeOffset lastSave = DateTimeOffset.MinValue;
    private bool lastScanFailed;
    private bool firstSuccessLogged;
    private readonly Lock gate = new();

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        lock (gate)
        {
            SaveState(force: true); // Under the lock: a scan still running past the shutdown timeout must finish first.
        }
    }

    /// <summary>One scan, rendered and published. Nothing it meets stops the loop: failures are logged and counted.</summary>
    public void RunOnce()
    {
        lock (gate)
        {
            var result = scanner.Scan();
            counters.Record(result);
            LogOutcome(result);
            Publish(result);
            if (result.Success)
            {
                SaveState(force: false);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // The first scan waits until the server listens, so that the exporter's own port is in the baseline.
            var started = new TaskCompletionSource();
            using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            {
                await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
            }

            using var timer = new PeriodicTimer(options.Interval, time);
            do
            {
                RunOnce();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping, possibly before the server ever started (its port was taken).
        }
    }

    private void Publish(ScanResult result)
    {
        var previous = latest.Current;
        if (!result.Success && previous is null)
        {
            // Until a scan succeeds there is no listener set to serve: /metrics and /-/ready answer 503 with the
            // reason, so that Prometheus records a failed scrape rather than a host without listeners.
            latest.NotReady($"no scan has succeeded yet; the last failed in stage {result.FailedStage?.ToLabel()}: {result.Error}");
            return;
        }

        try
        {
            var started = time.GetTimestamp();
            IReadOnlyList<RenderedFamily> listenerFamilies = result.Success
                ? [.. ListenerFamilies.Build(result, options).Select(RenderedFamily.Of)]
                : previous!.ListenerFamilies;
            var exposeDuration = time.GetElapsedTime(started);
            latest.Publish(new PublishedScan(
                result,
                listenerFamilies,
                [.. registryFamilies, .. ScanFamilies.Build(result, counters, options, exposeDuration).Select(RenderedFamily.Of)]));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug in rendering (a duplicate series): scrapes keep the previous scan and the failure is counted.
            counters.RecordExposeFailure();
            LogExposeFailed(e);
        }
    }

    private void LogOutcome(ScanResult result)
    {
        if (!result.Success)
        {
            LogScanFailed(result.FailedStage?.ToLabel() ?? "unknown", result.Error ?? "");
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

        foreach (var listener in result.Listeners.Where(l => l.IsOpen && l.FirstSeen == result.StartedAt && result.StartedAt > result.Baseline))
        {
            var key = listener.Key.ToString();
            var status = listener.Classification.Status.ToLabel();
            LogNewListener(key, listener.ProcessLabel, status, listener.Classification.Service, listener.Expected ? "true" : "false");
        }
    }

    private void SaveState(bool force)
    {
        var now = time.GetUtcNow();
        if (stateOptions.File.Length == 0 || scanner.History.Baseline is null
            || (!force && !scanner.History.HasNewEntries && now - lastSave < stateOptions.SaveInterval))
        {
            return;
        }

        try
        {
            StateFile.Save(stateOptions.File, scanner.History);
            lastSave = now;
        }
        catch (Exception e) when (e is StateFileException or IOException or UnauthorizedAccessException)
        {
            counters.RecordStateWriteFailure();
            LogStateWriteFailed(e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "first scan: {Listeners} listeners; the first-seen baseline is {Baseline:O}; {Unreadable} processes unreadable")]
    private partial void LogFirstScan(int listeners, DateTimeOffset baseline, int unreadable);

    [LoggerMessage(Level = LogLevel.Warning, Message = "process attribution is degraded: {Unreadable} processes could not be read (not root?); their listeners show process=\"unknown\". Run as root or grant CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE")]
    private partial void LogAttributionDegraded(int unreadable);

    [LoggerMessage(Level = LogLevel.Information, Message = "new listener {Listener} process={Process} iana_status={Status} iana_service={Service} expected={Expected}")]
    private partial void LogNewListener(string listener, string process, string status, string service, string expected);

    [LoggerMessage(Level = LogLevel.Error, Message = "scan failed in stage {Stage}: {Error}")]
    private partial void LogScanFailed(string stage, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "scans succeed again")]
    private partial void LogScanRecovered();

    [LoggerMessage(Level = LogLevel.Error, Message = "rendering the scan failed; scrapes keep the previous one")]
    private partial void LogExposeFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Error}")]
    private partial void LogStateWriteFailed(string error);
}

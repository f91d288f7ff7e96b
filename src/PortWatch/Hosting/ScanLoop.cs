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

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        SaveState(force: true);
    }

    /// <summary>One scan, rendered and published.</summary>
    public void RunOnce()
    {
        var result = scanner.Scan();
        counters.Record(result);
        LogOutcome(result);
        var started = time.GetTimestamp();
        try
        {
            var families = result.Success ? ListenerFamilies.Build(result, options).Select(RenderedFamily.Of).ToList() : null;
            var exposeDuration = time.GetElapsedTime(started);
            families ??= latest.Current?.Families.Where(IsListenerFamily).ToList() ?? [];
            families.AddRange(registryFamilies);
            families.AddRange(ScanFamilies.Build(result, counters, options, exposeDuration).Select(RenderedFamily.Of));
            latest.Publish(new PublishedScan(result, families));
        }
        catch (InvalidOperationException e)
        {
            counters.RecordExposeFailure();
            LogExposeFailed(e);
        }

        if (result.Success)
        {
            SaveState(force: false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first scan waits until the server listens, so that the exporter's own port is part of the baseline.
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

    private static bool IsListenerFamily(RenderedFamily family) =>
        family.Name.StartsWith("portwatch_listener", StringComparison.Ordinal) || family.Name == MetricNames.Baseline;

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
        catch (StateFileException e)
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

using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PortWatch.Firewall;
using PortWatch.Processes;
using PortWatch.Scanning;

namespace PortWatch.Hosting;

/// <summary>
/// Runs a scan every <see cref="ScanOptions.Interval"/> on the injected clock, starting once the server listens
/// (so the exporter's own port is in the baseline), and hands each result to the <see cref="ScanPublisher"/> and
/// the <see cref="StateSaver"/>. A scan runs off the scheduler's thread: one that hangs (a read of /proc that never
/// returns) is reported as failed after <see cref="HungAfter"/> and never started twice, and shutdown does not wait
/// for it. Stopping saves the record one last time.
/// </summary>
internal sealed partial class ScanScheduler(
    Scanner scanner,
    ScanPublisher publisher,
    StateSaver saver,
    ScanOptions options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger logger) : BackgroundService
{
    private Task<ScanResult>? running;
    private bool namespacesLeftOut;
    private Unevaluated? firewallUnreadable;

    /// <summary>How long a scan may run before it is reported as hung: the scan interval, and at least 10 s.</summary>
    public TimeSpan HungAfter => options.Interval > TimeSpan.FromSeconds(10) ? options.Interval : TimeSpan.FromSeconds(10);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        saver.Save();
    }

    /// <summary>Starts a scan and publishes its result; publishes a failure instead when the last one still runs or this one hangs.</summary>
    internal async Task ScanOnceAsync(CancellationToken stoppingToken)
    {
        if (running is { IsCompleted: false })
        {
            publisher.Publish(Hung());
            return;
        }

        running = Task.Run(() => scanner.Scan(stoppingToken), CancellationToken.None);
        ScanResult result;
        try
        {
            result = await running.WaitAsync(HungAfter, time, stoppingToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            publisher.Publish(Hung());
            return;
        }

        publisher.Publish(result);
        LogFirewall();
        if (result.Success)
        {
            saver.SaveIfDue();
            LogNamespaceLimit();
        }
    }

    /// <summary>Logs when the nftables ruleset becomes unreadable, or unreadable for another reason, and when it is read again: once a change, not once a scan.</summary>
    private void LogFirewall()
    {
        if (scanner.Firewall is not { } firewall || firewall.Unreadable == firewallUnreadable)
        {
            return;
        }

        firewallUnreadable = firewall.Unreadable;
        if (firewallUnreadable is { } reason)
        {
            LogFirewallUnreadable(firewall.Note ?? "firewall: the nftables ruleset cannot be read: reachable is unknown", reason.ToLabel());
        }
        else
        {
            LogFirewallRead(firewall.Rules);
        }
    }

    /// <summary>Logs when scan.max-namespaces begins leaving namespaces out, and when it stops: once a change, not once a scan.</summary>
    private void LogNamespaceLimit()
    {
        if (scanner.Namespaces is not { } namespaces || (namespaces.NamespacesLeftOut > 0) == namespacesLeftOut)
        {
            return;
        }

        namespacesLeftOut = namespaces.NamespacesLeftOut > 0;
        if (namespacesLeftOut)
        {
            LogNamespacesLeftOut(namespaces.NamespacesRead + namespaces.NamespacesLeftOut, namespaces.MaxNamespaces, namespaces.NamespacesLeftOut);
        }
        else
        {
            LogNamespacesAllRead(namespaces.NamespacesRead, namespaces.MaxNamespaces);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var started = new TaskCompletionSource();
            using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            {
                await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
            }

            using var timer = new PeriodicTimer(options.Interval, time);
            await ScanOnceAsync(stoppingToken).ConfigureAwait(false);

            // Starting up (the registry's parse, the first scan) leaves garbage and touched code the steady state never
            // needs again: collect and compact the garbage, and give it and those pages back to the system.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            var released = SelfProcessStats.ReleaseStartupMemory();
            LogStartupMemoryReleased(released);
            await ScanOnTicksAndTriggersAsync(timer, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping, possibly before the server ever started (its port was taken), or while a scan hangs.
        }
    }

    /// <summary>Scans at each tick, and, with the tracer, as soon as it saw a listener open (<see cref="Openers.ScanTrigger"/>).</summary>
    private async Task ScanOnTicksAndTriggersAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        var trigger = scanner.Openers is { Running: true } openers ? openers.Trigger : null;
        var tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
        Task? triggered = null;
        while (true)
        {
            triggered ??= trigger?.WaitAsync(stoppingToken);
            var done = triggered is null ? tick : await Task.WhenAny(tick, triggered).ConfigureAwait(false);
            if (done == tick)
            {
                if (!await tick.ConfigureAwait(false))
                {
                    return;
                }

                tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
            }
            else
            {
                await done.ConfigureAwait(false);
                triggered = null;
            }

            await ScanOnceAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Namespaces} network namespaces, more than scan.max-namespaces={Max}: {LeftOut} are not scanned, and their listeners are not seen; the exporter's own is read first, then those already read, then the oldest. portwatch_network_namespaces_left_out counts them")]
    private partial void LogNamespacesLeftOut(int namespaces, int max, int leftOut);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Namespaces} network namespaces, within scan.max-namespaces={Max}: every one is scanned again")]
    private partial void LogNamespacesAllRead(int namespaces, int max);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Note} on every listener: whether a new connection from outside would get through the firewall to it is not known, so the reachable label cannot tell exposed from firewalled listeners and PortwatchReachableUnexpectedListener cannot fire (everything else is reported as before); portwatch_firewall_ruleset_unreadable reason={Reason} is 1")]
    private partial void LogFirewallUnreadable(string note, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "firewall: the nftables ruleset is read again ({Rules} rules): every listener's reachable label is evaluated")]
    private partial void LogFirewallRead(int rules);

    [LoggerMessage(Level = LogLevel.Debug, Message = "gave back {Kilobytes} kB of code and read-only data that only starting up used")]
    private partial void LogStartupMemoryReleased(long kilobytes);

    private ScanResult Hung()
    {
        var (stage, since) = scanner.CurrentStage ?? (ScanStage.Enumerate, time.GetUtcNow());
        var seconds = (time.GetUtcNow() - since).TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
        return scanner.Failed(stage, $"the scan has been in stage {stage.ToLabel()} for {seconds}s without finishing (a read of {options.ProcFsPath} that hangs?)");
    }
}

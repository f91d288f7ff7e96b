using System.Globalization;
using PortWatch.Listeners;
using PortWatch.Processes;
using PortWatch.Registry;
using PortWatch.Scanning;
using PortWatch.Sockets;
using PortWatch.Versioning;
using Prometheus;

namespace PortWatch.Exposition;

/// <summary>
/// The exporter's own metrics, kept by prometheus-net in a registry of their own: scan health, the counts by
/// class, the registry and build, the state file, and the standard <c>process_*</c> and <c>dotnet_*</c> families
/// (the library's, plus the three names Prometheus's own clients use that .NET's <c>Process</c> class does
/// not give). Updated as scans are published; read by every scrape.
/// </summary>
internal sealed class ExporterMetrics
{
    /// <summary>The stage label of rendering a scan for scrapes, after the scan's own stages.</summary>
    public const string ExposeStage = "expose";

    private readonly ScanOptions options;
    private readonly Gauge scanSuccess;
    private readonly Gauge scanDuration;
    private readonly Gauge stageDuration;
    private readonly Gauge lastScan;
    private readonly Gauge listeners;
    private readonly Gauge baseline;
    private readonly Gauge listenersDropped;
    private readonly Counter listenerDrops;
    private readonly Gauge processesUnreadable;
    private readonly Counter scans;
    private readonly Counter scanErrors;
    private readonly Counter malformedLines;
    private readonly Counter stateWriteErrors;
    private readonly Counter shortLived;
    private long talliedVersion;
    private HashSet<ListenerKey> lastDropped = [];

    /// <param name="options">The scan settings the metrics describe.</param>
    /// <param name="registry">The IANA registry in use.</param>
    /// <param name="withProcess">Whether to keep the families that describe this process and build (off for golden files, whose bytes must not depend on the machine).</param>
    public ExporterMetrics(ScanOptions options, PortRegistry registry, bool withProcess = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        this.options = options;
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        var later = new GaugeConfiguration { SuppressInitialValue = true };

        if (withProcess)
        {
            Process = new ProcessExposition(TimeProvider.System);
        }

        var entries = factory.CreateGauge(MetricNames.RegistryEntries, "IANA registry records that apply to each protocol (a range counts once).", "protocol");
        foreach (var (protocol, count) in registry.EntriesByProtocol)
        {
            entries.WithLabels(protocol).Set(count);
        }

        var updated = registry.Info.Updated.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        factory.CreateGauge(MetricNames.RegistryInfo, "The IANA registry in use: embedded snapshot or --registry.file, and the date of its newest entry.", "source", "updated")
            .WithLabels(registry.Info.Source, registry.Info.Updated.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Set(1);
        factory.CreateGauge(MetricNames.RegistryUpdated, "Unix time of the IANA registry's newest entry.")
            .Set(new DateTimeOffset(updated).ToUnixTimeSeconds());

        listeners = factory.CreateGauge(
            MetricNames.Listeners,
            "Listeners by protocol, port range and IANA status (closed ones still retained included)." + ListenerFamilies.Served,
            "protocol", "range", "iana_status");
        baseline = factory.CreateGauge(
            MetricNames.Baseline,
            "Unix time this exporter's first-seen record began: listeners already there then are the baseline, not new.",
            later);
        factory.CreateGauge(
            MetricNames.ListenersLimit,
            "The most listeners that get series and rows on the landing page (scan.max-listeners); 0 for no limit.")
            .Set(options.MaxListeners);
        listenersDropped = factory.CreateGauge(
            MetricNames.ListenersDropped,
            "Listeners of the last scan left out of the listener series by scan.max-listeners, by class: pages, unexpected, expected (kept in that order). portwatch_listeners counts them; portwatch list prints them.",
            "class");
        listenerDrops = factory.CreateCounter(
            MetricNames.ListenerDrops,
            "Listeners left out of the listener series by scan.max-listeners, by class, each counted when it begins to be left out.",
            "class");
        foreach (var listenerClass in ListenerLimit.Classes)
        {
            listenersDropped.WithLabels(listenerClass.ToLabel()).Set(0);
            listenerDrops.WithLabels(listenerClass.ToLabel());
        }

        scanSuccess = factory.CreateGauge(MetricNames.ScanSuccess, "1 if the last scan succeeded, else 0.", later);
        scanDuration = factory.CreateGauge(MetricNames.ScanDuration, "Duration of the last scan in seconds, all stages.", later);
        stageDuration = factory.CreateGauge(MetricNames.ScanStageDuration, "Duration of each stage of the last scan in seconds.", "stage");
        lastScan = factory.CreateGauge(MetricNames.LastScan, "Unix time the last successful scan finished.", later);
        factory.CreateGauge(MetricNames.ScanInterval, "The configured interval between scans in seconds.").Set(options.Interval.TotalSeconds);
        scans = factory.CreateCounter(MetricNames.Scans, "Scans attempted.");
        scanErrors = factory.CreateCounter(MetricNames.ScanErrors, "Scans that failed, by the stage that failed.", "stage");
        foreach (var stage in StageLabels)
        {
            scanErrors.WithLabels(stage);
        }

        malformedLines = factory.CreateCounter(
            MetricNames.MalformedLines, "Lines of the kernel's socket tables that could not be parsed and were skipped, by table.", "file");
        factory.CreateGauge(MetricNames.AttributionEnabled, "1 when listeners are attributed to processes (scan.processes), else 0.")
            .Set(options.AttributeProcesses ? 1 : 0);
        processesUnreadable = factory.CreateGauge(
            MetricNames.ProcessesUnreadable,
            "Processes whose open files could not be read in the last scan; their listeners show process=\"unknown\". Run as root or with CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE.");
        stateWriteErrors = factory.CreateCounter(MetricNames.StateWriteErrors, "Failed writes of the state file.");
        shortLived = factory.CreateCounter(MetricNames.ShortLivedListeners, "Listeners no scan saw open, recorded from their socket-destroy event: they opened and closed between two scans.");
    }

    /// <summary>The stage labels of the scan metrics: the scan's own stages, then <see cref="ExposeStage"/>.</summary>
    public static IReadOnlyList<string> StageLabels { get; } = [.. ScanStageLabels.All.Select(s => s.ToLabel()), ExposeStage];

    public CollectorRegistry Registry { get; }

    /// <summary>The process, runtime and build families, rendered apart (<see cref="ProcessExposition"/>); null without them.</summary>
    public ProcessExposition? Process { get; }

    /// <summary>
    /// Adds what a scanner knows of itself: the method it enumerates with, and its destroy-event stream (whether the
    /// kernel lets the exporter hear it, and what it carried), read at each scrape.
    /// </summary>
    public void Track(Scanner scanner)
    {
        ArgumentNullException.ThrowIfNull(scanner);
        var factory = Metrics.WithCustomRegistry(Registry);
        factory.CreateGauge(MetricNames.ScanMethod, "How sockets are enumerated: netlink (sock_diag) or procfs (/proc/net tables).", "method")
            .WithLabels(scanner.Method == ScanMethod.Netlink ? "netlink" : "procfs").Set(1);
        PacketSocketMethodMetric.Track(factory, Registry, scanner);
        if (scanner.Namespaces is { } namespaces)
        {
            factory.CreateGauge(
                MetricNames.ScanNamespaces,
                "Which network namespaces are scanned: requested (all or host, --scan.namespaces) and access, how the others are read: netlink (setns, CAP_SYS_ADMIN, with destroy events), procfs (their /proc/<pid>/net tables, no destroy events) or none (only the exporter's own; seeing others needs root or CAP_SYS_PTRACE).",
                "requested",
                "access")
                .WithLabels(options.Namespaces == NamespaceMode.Host ? "host" : "all", NamespaceAccessLabel(namespaces.Access)).Set(1);
            var read = factory.CreateGauge(MetricNames.NetworkNamespaces, "Network namespaces the last scan read, the exporter's own included.");
            var leftOut = factory.CreateGauge(MetricNames.NetworkNamespacesLeftOut, "Network namespaces the last scan found and did not read: more exist than scan.max-namespaces.");
            factory.CreateGauge(MetricNames.NetworkNamespacesLimit, "The most network namespaces a scan reads, the exporter's own included (scan.max-namespaces); 0 for no limit.")
                .Set(namespaces.MaxNamespaces);
            var errors = factory.CreateCounter(MetricNames.NetworkNamespaceErrors, "Reads of a network namespace that failed (its last process exited mid-scan, setns refused); the others were still read.");
            var followed = factory.CreateGauge(MetricNames.DestroyEventsNamespaces, "Network namespaces other than the exporter's whose socket-destroy events are heard.");
            Registry.AddBeforeCollectCallback(() =>
            {
                read.Set(namespaces.NamespacesRead);
                leftOut.Set(namespaces.NamespacesLeftOut);
                errors.IncTo(namespaces.NamespaceErrors);
                followed.Set(scanner.Closed?.NamespacesFollowed ?? 0);
            });
        }

        TrackClosedListeners(factory, scanner);
        var closed = scanner.Closed;
        factory.CreateGauge(
            MetricNames.DestroyEventsEnabled,
            "1 when the kernel's socket-destroy events are heard, so that a listener that opens and closes between two scans is still recorded; 0 when not (scan.method procfs, or the kernel refused).")
            .Set(closed?.Available == true ? 1 : 0);
        if (closed is null)
        {
            return;
        }

        var filtered = factory.CreateGauge(MetricNames.DestroyEventsFiltered, "1 when the kernel filters destroy events (a BPF filter drops every socket that cannot have been a listener before it reaches the exporter).");
        var received = factory.CreateCounter(MetricNames.DestroyEventsReceived, "Socket-destroy messages the exporter read (after the kernel's filter).");
        var kept = factory.CreateCounter(MetricNames.DestroyEventsListeners, "Destroyed sockets that were listeners (no peer, a port outside the ephemeral range).");
        var overruns = factory.CreateCounter(MetricNames.DestroyEventsOverruns, "Times the kernel dropped destroy messages because the exporter's receive buffer was full.");
        var dropped = factory.CreateCounter(MetricNames.DestroyEventsDropped, "Closed listeners dropped because too many waited for a scan.");
        Registry.AddBeforeCollectCallback(() =>
        {
            filtered.Set(closed.Filtered ? 1 : 0);
            received.IncTo(closed.Received);
            kept.IncTo(closed.Kept);
            overruns.IncTo(closed.Overruns);
            dropped.IncTo(closed.Dropped);
        });
    }

    private void TrackClosedListeners(MetricFactory factory, Scanner scanner)
    {
        factory.CreateGauge(MetricNames.ClosedListenersLimit, "The most closed listeners kept for scan.retention and recorded from socket-destroy events (scan.max-closed-listeners); 0 for no limit.")
            .Set(options.MaxClosedListeners);
        var dropped = factory.CreateCounter(
            MetricNames.ClosedListenersDropped,
            "Closed listeners left out by scan.max-closed-listeners (not kept for scan.retention, and not recorded when known only from their destroy event), by class: pages, unexpected, expected (kept in that order).",
            "class");
        var records = factory.CreateGauge(MetricNames.StateListeners, "Listeners in the first-seen record (what --state.file holds).");
        var evicted = factory.CreateCounter(
            MetricNames.StateListenersEvicted,
            "Listeners forgotten before state.forget-after to keep the first-seen record within scan.max-listeners + scan.max-closed-listeners records (those known only from destroy events first, those that would page last).");
        foreach (var listenerClass in ListenerLimit.Classes)
        {
            dropped.WithLabels(listenerClass.ToLabel());
        }

        Registry.AddBeforeCollectCallback(() =>
        {
            foreach (var (listenerClass, count) in scanner.ClosedDropped)
            {
                dropped.WithLabels(listenerClass.ToLabel()).IncTo(count);
            }

            var (held, forgotten) = scanner.Records;
            records.Set(held);
            evicted.IncTo(forgotten);
        });
    }

    /// <summary>
    /// Adds the state of <c>--web.config.file</c>'s reloads, read at each scrape: whether the last attempt to re-read
    /// it succeeded, when the configuration in force was read, and the requests the bcrypt queue turned away.
    /// </summary>
    public void TrackWebConfig(Func<bool> lastReloadSuccessful, Func<DateTimeOffset> lastSuccess, Func<long> authThrottled)
    {
        ArgumentNullException.ThrowIfNull(authThrottled);
        ArgumentNullException.ThrowIfNull(lastReloadSuccessful);
        ArgumentNullException.ThrowIfNull(lastSuccess);
        var factory = Metrics.WithCustomRegistry(Registry);
        var successful = factory.CreateGauge(
            MetricNames.WebConfigReloadSuccessful,
            "1 if the last attempt to re-read --web.config.file (after it or a certificate it names changed) succeeded, else 0: the configuration read before stays in force.");
        var timestamp = factory.CreateGauge(
            MetricNames.WebConfigReloadSuccess,
            "Unix time the web configuration in force was read: at startup, or at the last reload that succeeded.");
        var throttled = factory.CreateCounter(
            MetricNames.BasicAuthThrottled,
            "Requests answered 429 at once, their credentials not checked, because bcrypt checks filled its queue (one running, a few waiting): a flood of wrong passwords.");
        Registry.AddBeforeCollectCallback(() =>
        {
            throttled.IncTo(authThrottled());
            successful.Set(lastReloadSuccessful() ? 1 : 0);
            timestamp.Set(lastSuccess().ToUnixSeconds());
        });
    }

    /// <summary>
    /// Adds the request limit of the metrics path and the landing page (web.max-requests): the limit, the requests
    /// being served and those turned away, read at each scrape.
    /// </summary>
    public void TrackRequests(int max, Func<int> inFlight, Func<long> rejected)
    {
        ArgumentNullException.ThrowIfNull(inFlight);
        ArgumentNullException.ThrowIfNull(rejected);
        var factory = Metrics.WithCustomRegistry(Registry);
        factory.CreateGauge(MetricNames.HttpMaxRequests, "The most requests to the metrics path and the landing page served at once (web.max-requests); 0 for no limit.")
            .Set(max);
        var current = factory.CreateGauge(MetricNames.HttpRequestsInFlight, "Requests to the metrics path and the landing page being served, this scrape included.");
        var turnedAway = factory.CreateCounter(MetricNames.HttpRequestsRejected, "Requests to the metrics path and the landing page answered 503 because web.max-requests were being served.");
        Registry.AddBeforeCollectCallback(() =>
        {
            current.Set(inFlight());
            turnedAway.IncTo(rejected());
        });
    }

    /// <summary>Records what scan.max-listeners left out of the series now published.</summary>
    public void RecordSelection(ListenerSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        foreach (var (listenerClass, count) in selection.DroppedByClass)
        {
            listenersDropped.WithLabels(listenerClass.ToLabel()).Set(count);
        }

        // Each listener counts once when it begins to be left out, not once a scan while it stays out.
        var dropped = new HashSet<ListenerKey>(selection.Dropped.Count);
        var begun = new int[ListenerLimit.Classes.Count];
        foreach (var listener in selection.Dropped)
        {
            dropped.Add(listener.Key);
            if (!lastDropped.Contains(listener.Key))
            {
                begun[(int)ListenerLimit.ClassOf(listener)]++;
            }
        }

        foreach (var listenerClass in ListenerLimit.Classes)
        {
            listenerDrops.WithLabels(listenerClass.ToLabel()).Inc(begun[(int)listenerClass]);
        }

        lastDropped = dropped;
    }

    public static string NamespaceAccessLabel(NamespaceAccess access) => access switch
    {
        NamespaceAccess.Netlink => "netlink",
        NamespaceAccess.Procfs => "procfs",
        _ => "none",
    };

    /// <summary>Counts a scan, whatever became of it.</summary>
    public void RecordScan(ScanResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        scans.Inc();
        if (result.FailedStage is { } stage)
        {
            scanErrors.WithLabels(stage.ToLabel()).Inc();
        }

        foreach (var (table, lines) in result.MalformedLines)
        {
            malformedLines.WithLabels(table).Inc(lines);
        }

        scanSuccess.Set(result.Success ? 1 : 0);
        scanDuration.Set(result.Duration.TotalSeconds);
        foreach (var (scanStage, duration) in result.StageDurations)
        {
            stageDuration.WithLabels(scanStage.ToLabel()).Set(duration.TotalSeconds);
        }

        processesUnreadable.Set(result.ProcessesUnreadable);
        shortLived.Inc(result.ShortLived?.Count ?? 0);
    }

    /// <summary>Records a scan whose listeners are now served: the counts by class, the baseline, the expose stage.</summary>
    public void RecordPublished(ScanResult result, TimeSpan exposeDuration)
    {
        ArgumentNullException.ThrowIfNull(result);
        stageDuration.WithLabels(ExposeStage).Set(exposeDuration.TotalSeconds);
        scanDuration.Set((result.Duration + exposeDuration).TotalSeconds);
        if (result.LastSuccessAt is { } last)
        {
            lastScan.Set(last.ToUnixSeconds());
        }

        if (result.Baseline is { } start)
        {
            baseline.Set(start.ToUnixSeconds());
        }

        if (talliedVersion == result.Version && talliedVersion != 0)
        {
            return; // The same listeners as the counts already say.
        }

        talliedVersion = result.Version;
        var tally = result.Listeners
            .GroupBy(l => (l.Key.Protocol, l.Classification.Range, l.Classification.Status))
            .ToDictionary(g => g.Key, g => g.Count());
        foreach (var protocol in options.Protocols.Order())
        {
            foreach (var range in RegistryLabels.Ranges)
            {
                foreach (var status in RegistryLabels.Statuses)
                {
                    listeners.WithLabels(protocol.ToLabel(), range.ToLabel(), status.ToLabel()).Set(tally.GetValueOrDefault((protocol, range, status)));
                }
            }
        }
    }

    public void RecordExposeFailure() => scanErrors.WithLabels(ExposeStage).Inc();

    public void RecordStateWriteFailure() => stateWriteErrors.Inc();

    /// <summary>
    /// Records that this run could not read its state file and began a new baseline at <paramref name="at"/>: a
    /// series that exists only then (PortwatchStateReset alerts on it).
    /// </summary>
    /// <param name="reason">Why: unreadable, malformed, version or invalid.</param>
    /// <param name="movedTo">Where the file was moved aside, or none.</param>
    public void RecordStateReset(string reason, string movedTo, DateTimeOffset at) =>
        Metrics.WithCustomRegistry(Registry).CreateGauge(
            MetricNames.StateReset,
            "Unix time this run found its state file unreadable, moved it aside (moved_to) and began a new first-seen baseline: listeners that opened while the exporter was down are in that baseline, not new.",
            "reason",
            "moved_to")
        .WithLabels(reason, movedTo).Set(at.ToUnixSeconds());
}

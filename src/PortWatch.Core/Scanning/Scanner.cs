using PortWatch.Firewall;
using PortWatch.Listeners;
using PortWatch.Openers;
using PortWatch.PacketSockets;
using PortWatch.ProcFs;
using PortWatch.Processes;
using PortWatch.Registry;
using PortWatch.Sockets;
using PortWatch.State;

namespace PortWatch.Scanning;

/// <summary>
/// Runs one scan: enumerate the listening sockets, attribute them to processes, classify them. Each stage is
/// timed; a stage that throws fails the scan, which then carries the last good listener set. Keeps the
/// first-seen record and the closed listeners still retained, and records the listeners the kernel destroyed
/// since the last scan (<see cref="ClosedSockets"/>), so that one that opened and closed in between is reported
/// too. Cancellation is checked between stages and inside the long ones. Not thread-safe: one scan at a time.
/// </summary>
internal sealed class Scanner(
    ISocketSource sockets,
    OwnerCache owners,
    PortRegistry registry,
    ScanOptions options,
    StateOptions stateOptions,
    ListenerHistory history,
    TimeProvider time,
    ClosedSockets? closed = null,
    PacketSocketStage? packets = null) : IDisposable
{
    private IReadOnlyList<Listener> lastListeners = [];
    private readonly Dictionary<ListenerKey, (SocketRecord First, List<SocketRecord>? More)> groups = [];
    private Dictionary<ListenerKey, Listener> lastOpen = [];
    private Dictionary<ListenerKey, Listener> spareOpen = [];
    private EphemeralPorts ephemeral = EphemeralPorts.Default;
    private DateTimeOffset ephemeralReadAt = DateTimeOffset.MinValue;
    private DateTimeOffset lastScanAt;
    private SocketRecord[] lastSockets = [];
    private SocketOwners? lastOwners;
    private DateTimeOffset lastObservedAt = DateTimeOffset.MinValue;
    private DateTimeOffset nextExpiry = DateTimeOffset.MinValue;
    private DateTimeOffset? lastSuccessAt;
    private long version;
    private volatile StageState? current;
    private readonly ClosedRetention retention = new(options, registry, history);
    private OpenerJoin? join;

    public ListenerHistory History => history;

    /// <summary>Closed listeners left out by <see cref="ScanOptions.MaxClosedListeners"/> since the start, by class.</summary>
    public IReadOnlyDictionary<ListenerClass, long> ClosedDropped => retention.Dropped;

    /// <summary>Listeners in the first-seen record, and those it forgot early to stay within its bound.</summary>
    public (int Count, long Evicted) Records => (history.Count, history.Evicted);

    /// <summary>How this scanner enumerates sockets.</summary>
    public ScanMethod Method { get; init; } = ScanMethod.Procfs;

    /// <summary>Why the method is not <see cref="ScanOptions.Method"/>, when it is not; null when it is.</summary>
    public string? MethodNote { get; init; }

    /// <summary>Why other network namespaces are read less well than <see cref="ScanOptions.Namespaces"/> asks (or not at all); null when they are not.</summary>
    public string? NamespaceNote { get; init; }

    /// <summary>The namespaces read, and how.</summary>
    public NamespacedSocketSource? Namespaces => sockets as NamespacedSocketSource;

    /// <summary>The tracer's events (who opened each listener), whether or not it runs; null for a one-off scan.</summary>
    public OpenedListeners? Openers { get; init; }

    /// <summary>The firewall of the exporter's network namespace, which gives each listener its <c>reachable</c> label; null leaves them unknown.</summary>
    public FirewallReader? Firewall { get; init; }

    /// <summary>The destroy events of the exporter's network namespace, when the method hears them.</summary>
    public ClosedSockets? Closed => closed;

    /// <summary>The packet and raw sockets' stage; null when they are not scanned.</summary>
    public PacketSocketStage? Packets => packets;

    /// <summary>The stage a running scan is in, and since when; null between scans.</summary>
    public (ScanStage Stage, DateTimeOffset Since)? CurrentStage => current is { } state ? (state.Stage, state.Since) : null;

    public ScanResult Scan(CancellationToken cancellationToken = default)
    {
        var startedAt = time.GetUtcNow();
        var durations = new Dictionary<ScanStage, TimeSpan>();
        var stage = ScanStage.Enumerate;
        SocketInventory inventory = new([], new Dictionary<string, int>(), []);
        var socketOwners = SocketOwners.None;
        var shortLived = new List<ShortLivedListener>();
        // Drained before the sockets are read: what opened before then and is not among them has closed (OpenerJoin).
        var opened = Openers?.Drain() ?? [];
        try
        {
            inventory = Timed(durations, stage, () =>
            {
                var found = sockets.Enumerate(options.Protocols, cancellationToken);
                packets?.Enumerate(Namespaces?.LastNamespaces, cancellationToken); // The namespaces the listeners were read in.
                return found;
            });

            stage = ScanStage.Attribute;
            socketOwners = Timed(durations, stage, () => options.AttributeProcesses
                ? owners.Resolve(PacketSocketStage.Inodes(inventory.Sockets, packets), cancellationToken)
                : SocketOwners.None);

            stage = ScanStage.Classify;
            cancellationToken.ThrowIfCancellationRequested();
            var listeners = Timed(durations, stage, () =>
            {
                packets?.Classify(socketOwners, startedAt);
                var classified = Classify(inventory, socketOwners, startedAt, shortLived);
                return ListenerReach.Apply(Firewall, Openers is null ? classified : (join ??= new(registry, options, history, retention)).Join(classified, opened, startedAt, shortLived));
            });
            if (packets?.Changed == true || !SteadyState.SameSeries(listeners, lastListeners))
            {
                version++;
            }

            lastListeners = listeners;
            lastScanAt = startedAt;
            lastSuccessAt = time.GetUtcNow();
            return Result(startedAt, null, null, durations, inventory, socketOwners) with { ShortLived = shortLived };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever a stage throws (an unreadable table, a bug, a cancellation), the exporter keeps serving and says so.
            return Result(startedAt, stage, e.Message, durations, inventory, socketOwners) with { Exception = e };
        }
        finally
        {
            current = null;
        }
    }

    /// <summary>A failed result for a scan that could not finish (it hangs), carrying the last good listeners.</summary>
    public ScanResult Failed(ScanStage stage, string error) =>
        Result(time.GetUtcNow(), stage, error, [], new SocketInventory([], new Dictionary<string, int>(), []), SocketOwners.None);

    public void Dispose()
    {
        (sockets as IDisposable)?.Dispose();
        closed?.Dispose();
        Openers?.Dispose();
        packets?.Dispose();
        Firewall?.Dispose();
    }

    /// <summary>How often a steady state (nothing changed) still records its sightings in the history.</summary>
    private static readonly TimeSpan EphemeralReadEvery = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan ObserveEvery = TimeSpan.FromSeconds(10);

    private IReadOnlyList<Listener> Classify(SocketInventory inventory, SocketOwners socketOwners, DateTimeOffset now, List<ShortLivedListener> shortLived)
    {
        var destroyed = closed?.Drain() ?? [];

        // The steady state: the kernel reports the sockets of the last scan, in the same order, with the same owners,
        // nothing was destroyed and no retained listener expires. The last listeners are the answer as they are.
        if (destroyed.Count == 0
            && ReferenceEquals(socketOwners, lastOwners)
            && now < nextExpiry
            && now - lastObservedAt < ObserveEvery
            && now - ephemeralReadAt < EphemeralReadEvery
            && SteadyState.SameSockets(inventory.Sockets, lastSockets))
        {
            return lastListeners;
        }

        var listeners = Rebuild(inventory, socketOwners, now, destroyed, shortLived);
        lastSockets = [.. inventory.Sockets];
        lastOwners = socketOwners;
        lastObservedAt = now;
        nextExpiry = DateTimeOffset.MaxValue;
        foreach (var listener in listeners)
        {
            if (!listener.IsOpen && listener.LastSeen + options.Retention < nextExpiry)
            {
                nextExpiry = listener.LastSeen + options.Retention;
            }
        }

        return listeners;
    }

    private List<Listener> Rebuild(SocketInventory inventory, SocketOwners socketOwners, DateTimeOffset now, List<ClosedSocket> destroyed, List<ShortLivedListener> shortLived)
    {
        // The dictionaries of a scan are kept from one scan to the next (cleared, not made again): a steady state allocates little.
        ListenerBuilder.Group(inventory.Sockets, groups);
        var sightings = history.Observe(groups.Keys, now, stateOptions.ForgetAfter);
        if (now - ephemeralReadAt >= EphemeralReadEvery)
        {
            ephemeral = ProcFsRoot.Self.ReadEphemeralPorts(); // A sysctl that seldom changes: read every 10 s, not every scan.
            ephemeralReadAt = now;
        }

        var open = spareOpen;
        open.Clear();
        var listeners = ListenerBuilder.Build(groups, socketOwners, registry, options.Expected, sightings, now, lastOpen, ephemeral, open);
        (spareOpen, lastOpen) = (lastOpen, open);
        retention.Add(listeners, lastListeners, open, destroyed, now, lastScanAt, shortLived);
        listeners.Sort(Listener.Order);
        return listeners;
    }

    private ScanResult Result(
        DateTimeOffset startedAt,
        ScanStage? failedStage,
        string? error,
        Dictionary<ScanStage, TimeSpan> durations,
        SocketInventory inventory,
        SocketOwners socketOwners) =>
        new(
            startedAt,
            failedStage is null,
            failedStage,
            error,
            lastListeners,
            history.Baseline,
            lastSuccessAt,
            durations,
            inventory.MalformedLines,
            inventory.MissingTables,
            socketOwners.ProcessesUnreadable,
            Version: version)
        {
            PacketSockets = packets?.Last ?? [],
        };

    private T Timed<T>(Dictionary<ScanStage, TimeSpan> durations, ScanStage stage, Func<T> work)
    {
        current = new StageState(stage, time.GetUtcNow());
        var started = time.GetTimestamp();
        try
        {
            return work();
        }
        finally
        {
            durations[stage] = time.GetElapsedTime(started);
        }
    }

    private sealed record StageState(ScanStage Stage, DateTimeOffset Since);
}

using PortWatch.Listeners;
using PortWatch.Processes;
using PortWatch.Registry;
using PortWatch.Sockets;
using PortWatch.State;

namespace PortWatch.Scanning;

/// <summary>
/// Runs one scan: enumerate the listening sockets, attribute them to processes, classify them. Each stage is
/// timed; a stage that throws fails the scan, which then carries the last good listener set. Keeps the
/// first-seen record and the closed listeners still retained. Cancellation is checked between stages and
/// inside the long ones. Not thread-safe: one scan at a time.
/// </summary>
internal sealed class Scanner(
    ISocketSource sockets,
    SocketOwnerResolver owners,
    PortRegistry registry,
    ScanOptions options,
    StateOptions stateOptions,
    ListenerHistory history,
    TimeProvider time)
{
    private IReadOnlyList<Listener> lastListeners = [];
    private DateTimeOffset? lastSuccessAt;
    private volatile StageState? current;

    public ListenerHistory History => history;

    /// <summary>The stage a running scan is in, and since when; null between scans.</summary>
    public (ScanStage Stage, DateTimeOffset Since)? CurrentStage => current is { } state ? (state.Stage, state.Since) : null;

    public ScanResult Scan(CancellationToken cancellationToken = default)
    {
        var startedAt = time.GetUtcNow();
        var durations = new Dictionary<ScanStage, TimeSpan>();
        var stage = ScanStage.Enumerate;
        SocketInventory inventory = new([], new Dictionary<string, int>(), []);
        var socketOwners = SocketOwners.None;
        try
        {
            inventory = Timed(durations, stage, () => sockets.Enumerate(options.Protocols, cancellationToken));

            stage = ScanStage.Attribute;
            socketOwners = Timed(durations, stage, () => options.AttributeProcesses
                ? owners.Resolve(inventory.Sockets.Select(s => s.Inode).ToHashSet(), cancellationToken)
                : SocketOwners.None);

            stage = ScanStage.Classify;
            cancellationToken.ThrowIfCancellationRequested();
            lastListeners = Timed(durations, stage, () => Classify(inventory, socketOwners, startedAt));
            lastSuccessAt = time.GetUtcNow();
            return Result(startedAt, null, null, durations, inventory, socketOwners);
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

    private List<Listener> Classify(SocketInventory inventory, SocketOwners socketOwners, DateTimeOffset now)
    {
        var sightings = history.Observe(inventory.Sockets.Select(ListenerKey.Of).Distinct(), now, stateOptions.ForgetAfter);
        var current = ListenerBuilder.Build(inventory.Sockets, socketOwners, registry, options.Expected, sightings, now);
        if (options.Retention > TimeSpan.Zero)
        {
            var open = current.Select(l => l.Key).ToHashSet();
            current.AddRange(lastListeners
                .Where(l => !open.Contains(l.Key) && now - l.LastSeen <= options.Retention)
                .Select(l => l with { IsOpen = false }));
            current.Sort(Listener.Order);
        }

        return current;
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
            socketOwners.ProcessesUnreadable);

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

using PortWatch.Processes;
using PortWatch.Registry;
using PortWatch.Sockets;
using PortWatch.State;

namespace PortWatch.Scanning;

/// <summary>
/// Runs one scan: enumerate the listening sockets, attribute them to processes, classify them. Each stage is
/// timed; a stage that throws fails the scan, which then carries the last good listener set. Keeps the
/// first-seen record and the closed listeners still retained. Not thread-safe: one scan at a time.
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

    public ListenerHistory History => history;

    public ScanResult Scan()
    {
        var startedAt = time.GetUtcNow();
        var durations = new Dictionary<ScanStage, TimeSpan>();
        var stage = ScanStage.Enumerate;
        SocketInventory inventory = new([], new Dictionary<string, int>(), []);
        var socketOwners = SocketOwners.None;
        try
        {
            inventory = Timed(durations, stage, () => sockets.Enumerate(options.Protocols));

            stage = ScanStage.Attribute;
            socketOwners = Timed(durations, stage, () => options.AttributeProcesses
                ? owners.Resolve(inventory.Sockets.Select(s => s.Inode).ToHashSet())
                : SocketOwners.None);

            stage = ScanStage.Classify;
            lastListeners = Timed(durations, stage, () => Classify(inventory, socketOwners, startedAt));
            lastSuccessAt = time.GetUtcNow();
            return Result(startedAt, null, null, durations, inventory, socketOwners);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever a stage throws (an unreadable table, a bug), the exporter keeps serving and says so.
            return Result(startedAt, stage, e.Message, durations, inventory, socketOwners);
        }
    }

    private List<Listener> Classify(SocketInventory inventory, SocketOwners socketOwners, DateTimeOffset now)
    {
        var current = ListenerBuilder.Build(inventory.Sockets, socketOwners, registry, options.Expected, SightingsAfter(inventory, now), now);
        if (options.Retention > TimeSpan.Zero)
        {
            var open = current.Select(l => l.Key).ToHashSet();
            current.AddRange(lastListeners
                .Where(l => !open.Contains(l.Key) && now - l.LastSeen <= options.Retention)
                .Select(l => l with { IsOpen = false }));
            current.Sort(ListenerBuilder.Compare);
        }

        return current;
    }

    private IReadOnlyDictionary<ListenerKey, ListenerSighting> SightingsAfter(SocketInventory inventory, DateTimeOffset now)
    {
        history.Observe(inventory.Sockets.Select(ListenerKey.Of).Distinct(), now, stateOptions.ForgetAfter);
        return history.Sightings;
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
}

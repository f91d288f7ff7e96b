using PortWatch.Listeners;
using PortWatch.Registry;
using PortWatch.Sockets;
using PortWatch.State;

namespace PortWatch.Scanning;

/// <summary>
/// The closed listeners a scan still reports: those seen open before and closed now (kept for
/// <see cref="ScanOptions.Retention"/> from when they were last seen open), and those no scan saw, known only from
/// their destroy event. At most <see cref="ScanOptions.MaxClosedListeners"/> are kept, chosen as
/// <see cref="ListenerLimit"/> chooses (what pages, then unexpected, then expected; the oldest first), so that
/// anyone binding and closing sockets at will can neither flood the series nor push out what pages; a destroy event
/// left out is not recorded in the first-seen record either. What is left out is counted by class.
/// </summary>
internal sealed class ClosedRetention(ScanOptions options, PortRegistry registry, ListenerHistory history)
{
    private readonly long[] dropped = new long[ListenerLimit.Classes.Count];
    private RecordLimit? limit;

    /// <summary>Closed listeners left out by the limit since the start, by class.</summary>
    public IReadOnlyDictionary<ListenerClass, long> Dropped => ListenerLimit.Classes.ToDictionary(c => c, c => Interlocked.Read(ref dropped[(int)c]));

    /// <summary>Whether a listener known by its key alone would page: what the first-seen record forgets last.</summary>
    public bool WouldPage(ListenerKey key) =>
        PagingRule.WouldPage(ListenerBuilder.Unowned(key, registry, options.Expected, default));

    /// <summary>
    /// Adds to <paramref name="listeners"/> the closed listeners kept now, and to <paramref name="shortLived"/> those
    /// recorded from their destroy event alone; then keeps the first-seen record within
    /// <see cref="ScanOptions.MaxRecords"/>, with at most <see cref="ScanOptions.MaxClosedListeners"/> known only from
    /// destroy events.
    /// </summary>
    /// <param name="last">The listeners of the previous scan, closed ones included.</param>
    /// <param name="open">The listeners open now, by key.</param>
    /// <param name="destroyed">What the kernel destroyed since the previous scan.</param>
    /// <param name="lastScanAt">When the previous scan ran: when a listener it saw open was last seen open.</param>
    public void Add(
        List<Listener> listeners,
        IReadOnlyList<Listener> last,
        IReadOnlyDictionary<ListenerKey, Listener> open,
        List<ClosedSocket> destroyed,
        DateTimeOffset now,
        DateTimeOffset lastScanAt,
        List<ShortLivedListener> shortLived)
    {
        // What the kernel destroyed since the last scan and is not open again: when each closed.
        var closedAt = new Dictionary<ListenerKey, ClosedSocket>();
        foreach (var socket in destroyed)
        {
            var key = ListenerKey.Of(socket.Socket);
            if (!open.ContainsKey(key))
            {
                closedAt[key] = socket;
            }
        }

        var candidates = new List<Listener>();
        foreach (var listener in last)
        {
            if (open.ContainsKey(listener.Key))
            {
                continue;
            }

            if (listener.Ephemeral)
            {
                history.Forget(listener.Key); // A client's socket that a scan happened to see: dropped and forgotten.
                continue;
            }

            // Last seen open: when its destroy event came, else at the last scan that saw it open.
            var lastSeen = closedAt.Remove(listener.Key, out var socket) ? socket.At : listener.IsOpen ? lastScanAt : listener.LastSeen;
            if (now - lastSeen <= options.Retention)
            {
                candidates.Add(listener with { IsOpen = false, LastSeen = lastSeen });
            }
        }

        // Listeners no scan saw: they opened and closed in between, and their destroy message is all there is of them.
        var fresh = new Dictionary<ListenerKey, ClosedSocket>(closedAt.Count);
        foreach (var (key, socket) in closedAt)
        {
            var sighting = history.TryGet(key, out var known) ? known with { LastSeen = socket.At } : new ListenerSighting(socket.At, socket.At);
            candidates.Add(ListenerBuilder.Unowned(key, registry, options.Expected, sighting));
            fresh[key] = socket;
        }

        foreach (var listener in Admit(candidates, 0))
        {
            if (fresh.TryGetValue(listener.Key, out var socket))
            {
                history.RecordClosed(listener.Key, socket.At);
                shortLived.Add(new ShortLivedListener(listener, socket.Socket.Uid));
            }

            if (now - listener.LastSeen <= options.Retention)
            {
                listeners.Add(listener);
            }
        }

        limit ??= new RecordLimit(options.MaxRecords, options.MaxClosedListeners, WouldPage);
        history.Trim(limit, now);
    }

    /// <summary>
    /// The closed listeners of <paramref name="candidates"/> the cap still has room for when <paramref name="admitted"/>
    /// are kept already, chosen as <see cref="ListenerLimit"/> chooses; the rest are counted as left out.
    /// </summary>
    public IReadOnlyList<Listener> Admit(IReadOnlyList<Listener> candidates, int admitted)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var room = options.MaxClosedListeners == 0 ? 0 : Math.Max(options.MaxClosedListeners - admitted, 0);
        var selection = options.MaxClosedListeners > 0 && room == 0
            ? new ListenerSelection([], candidates)
            : ListenerLimit.Select(candidates, room);
        foreach (var listener in selection.Dropped)
        {
            Interlocked.Increment(ref dropped[(int)ListenerLimit.ClassOf(listener)]);
        }

        return selection.Kept;
    }
}

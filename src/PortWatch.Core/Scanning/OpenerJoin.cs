using PortWatch.Listeners;
using PortWatch.Openers;
using PortWatch.Processes;
using PortWatch.Registry;
using PortWatch.Sockets;
using PortWatch.State;

namespace PortWatch.Scanning;

/// <summary>
/// Joins what the tracer saw open with a scan's listeners: a listener whose processes the scan does not know (it
/// closed before any scan, its destroy event carried only a uid, or its holder may not be read) takes the opener's
/// process and owner; a listener the tracer saw open that neither a scan nor a destroy event saw (it opened and
/// closed between two scans, in a namespace whose destroy events are not heard) is added as closed, last seen when
/// it opened. Openers are remembered by listener for <see cref="ScanOptions.Retention"/>.
/// </summary>
internal sealed class OpenerJoin(PortRegistry registry, ScanOptions options, ListenerHistory history, ClosedRetention retention)
{
    private readonly Dictionary<ListenerKey, OpenedListener> recent = [];

    /// <summary>The listeners with the openers filled in; <paramref name="listeners"/> itself when nothing changed.</summary>
    /// <param name="opened">What the tracer saw open since the last scan, drained before the scan enumerated.</param>
    public IReadOnlyList<Listener> Join(IReadOnlyList<Listener> listeners, List<OpenedListener> opened, DateTimeOffset now, List<ShortLivedListener> shortLived)
    {
        ArgumentNullException.ThrowIfNull(listeners);
        ArgumentNullException.ThrowIfNull(opened);
        foreach (var open in opened)
        {
            if (open.Key is { } key)
            {
                recent[key] = open;
            }
        }

        if (recent.Count == 0)
        {
            return listeners;
        }

        foreach (var key in recent.Where(r => now - r.Value.At > options.Retention).Select(r => r.Key).ToList())
        {
            recent.Remove(key);
        }

        List<Listener>? joined = null;
        var present = new HashSet<ListenerKey>();
        for (var i = 0; i < listeners.Count; i++)
        {
            var listener = listeners[i];
            present.Add(listener.Key);
            if (listener.Processes.Count == 0 && recent.TryGetValue(listener.Key, out var opener))
            {
                joined ??= [.. listeners];
                joined[i] = WithOpener(listener, opener);
            }
        }

        // Seen only by the tracer: the socket had closed when the scan looked, and no destroy event told of it. As
        // many as the closed-listener cap leaves room for (what pages first), as destroy events are.
        var candidates = new List<Listener>();
        var sockets = new Dictionary<ListenerKey, (SocketRecord Socket, OpenedListener Open)>();
        foreach (var open in opened)
        {
            if (open.Socket is not { } socket || !present.Add(ListenerKey.Of(socket)))
            {
                continue;
            }

            var key = ListenerKey.Of(socket);
            var sighting = history.TryGet(key, out var known) ? known with { LastSeen = open.At } : new ListenerSighting(open.At, open.At);
            candidates.Add(WithOpener(ListenerBuilder.Unowned(key, registry, options.Expected, sighting), open));
            sockets[key] = (socket, open);
        }

        foreach (var listener in candidates.Count == 0 ? [] : retention.Admit(candidates, listeners.Count(l => !l.IsOpen)))
        {
            var (socket, open) = sockets[listener.Key];
            history.RecordClosed(listener.Key, open.At);
            shortLived.Add(new ShortLivedListener(listener, socket.Uid));
            if (now - open.At <= options.Retention)
            {
                joined ??= [.. listeners];
                joined.Add(listener);
            }
        }

        joined?.Sort(Listener.Order);
        return joined ?? listeners;
    }

    private Listener WithOpener(Listener listener, OpenedListener opener)
    {
        IReadOnlyList<ProcessInfo> processes = [opener.Process];
        return listener with
        {
            Processes = processes,
            ProcessLabel = ListenerBuilder.ProcessLabel(processes),
            Owner = ListenerBuilder.OwnerOf(processes),
            Executable = opener.Process.Executable,
            Expected = options.Expected.Any(e => e.Matches(listener.Key, processes)),
        };
    }
}

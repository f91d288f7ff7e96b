using PortWatch.Processes;
using PortWatch.Sockets;
using PortWatch.Tracing;

namespace PortWatch.Openers;

/// <summary>A socket the tracer saw open, with who opened it as read the moment its event arrived.</summary>
/// <param name="Socket">Its identity as a scan would report it (inode 0; the exporter's own namespace is 0); null for a raw socket, which scans do not list yet.</param>
/// <param name="Process">The opener: its pid, its name (from <c>comm</c>), its owner (from its cgroup, or its cgroup id once it has gone) and its executable (the target of <c>/proc/&lt;pid&gt;/exe</c> and its class; unknown once it has gone).</param>
/// <param name="At">When it opened (the event's monotonic time on the wall clock).</param>
internal sealed record OpenedListener(TraceKind Kind, SocketRecord? Socket, ProcessInfo Process, ulong CgroupId, DateTimeOffset At)
{
    public ListenerKey? Key => Socket is { } socket ? ListenerKey.Of(socket) : null;
}

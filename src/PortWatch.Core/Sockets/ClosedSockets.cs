using System.Collections.Concurrent;
using PortWatch.Netlink;
using PortWatch.ProcFs;

namespace PortWatch.Sockets;

/// <summary>
/// The listeners the kernel destroyed since the last scan, from its socket-destroy broadcasts: each scan drains
/// them, so that a listener that opened and closed between two scans is still recorded. Holds at most
/// <see cref="Capacity"/> between scans and counts what it had to drop. Follows the kernel's ephemeral range,
/// which decides what counts as a listener (<see cref="DestroyRule"/>).
/// </summary>
internal sealed class ClosedSockets : IDisposable
{
    public const int Capacity = 100_000;

    private readonly ConcurrentQueue<ClosedSocket> queue = new();
    private readonly ProcFsRoot self;
    private readonly TimeProvider time;
    private readonly SockDiagRecords records = new();
    private readonly Lock recordsGate = new();
    private DestroyEventListener? listener;
    private int queued;
    private DateTimeOffset ephemeralReadAt;
    private long dropped;

    private ClosedSockets(ProcFsRoot self, TimeProvider time)
    {
        this.self = self;
        this.time = time;
    }

    /// <summary>Why destroy events are not heard (the kernel refused to let the exporter join the groups); null when they are.</summary>
    public string? Unavailable { get; private set; }

    public bool Available => listener is not null;

    /// <summary>Whether the kernel filters the broadcasts before they reach the exporter.</summary>
    public bool Filtered => listener?.Filtered ?? false;

    /// <summary>The kernel's ephemeral port range as last read, such as 32768-60999: ports there are clients', not listeners.</summary>
    public string EphemeralRange => Ephemeral.ToString();

    private EphemeralPorts Ephemeral { get; set; }

    public long Received => listener?.Received ?? 0;

    public long Kept => listener?.Kept ?? 0;

    public long Overruns => listener?.Overruns ?? 0;

    /// <summary>Closed listeners dropped because <see cref="Capacity"/> were waiting for a scan.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    /// <summary>Starts listening in the exporter's network namespace; never throws: when the kernel refuses, <see cref="Unavailable"/> says why.</summary>
    public static ClosedSockets Start(ProcFsRoot self, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(self);
        var closed = new ClosedSockets(self, time) { Ephemeral = self.ReadEphemeralPorts(), ephemeralReadAt = time.GetUtcNow() };
        try
        {
            closed.listener = DestroyEventListener.Start(closed.Ephemeral, closed.OnClosedListener);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            closed.Unavailable = e.Message;
        }

        return closed;
    }

    /// <summary>The closed listeners heard of since the last call, oldest first; re-reads the ephemeral range for what comes next.</summary>
    public List<ClosedSocket> Drain()
    {
        var drained = new List<ClosedSocket>();
        while (queue.TryDequeue(out var closed))
        {
            Interlocked.Decrement(ref queued);
            drained.Add(closed);
        }

        var now = time.GetUtcNow();
        if (now - ephemeralReadAt >= TimeSpan.FromSeconds(10))
        {
            // A sysctl that seldom changes: followed every 10 s.
            ephemeralReadAt = now;
            var range = self.ReadEphemeralPorts();
            if (range != Ephemeral)
            {
                Ephemeral = range;
                listener?.UpdateEphemeralRange(range);
            }
        }

        return drained;
    }

    public void Dispose() => listener?.Dispose();

    private void OnClosedListener(SockDiagMessage message)
    {
        if (SockDiagRecords.ProtocolOf(message) is not { } protocol)
        {
            return;
        }

        if (Interlocked.Increment(ref queued) > Capacity)
        {
            Interlocked.Decrement(ref queued);
            Interlocked.Increment(ref dropped);
            return;
        }

        SocketRecord record;
        lock (recordsGate)
        {
            record = records.ToRecord(message, protocol);
        }

        queue.Enqueue(new ClosedSocket(record, time.GetUtcNow()));
    }
}

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
    private readonly Dictionary<ulong, DestroyEventListener> others = [];
    private readonly Lock othersGate = new();
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

    public long Received => Sum(l => l.Received);

    public long Kept => Sum(l => l.Kept);

    public long Overruns => Sum(l => l.Overruns);

    /// <summary>Datagrams skipped because another process, not the kernel, sent them to a destroy-event socket.</summary>
    public long Foreign => Sum(l => l.Foreign);

    /// <summary>The other network namespaces whose destroy events are heard too.</summary>
    public int NamespacesFollowed
    {
        get
        {
            lock (othersGate)
            {
                return others.Count;
            }
        }
    }

    /// <summary>Called (on the receiving thread) after each closed listener is queued: the tracer's scan trigger, so that a close is shown as soon as an open is.</summary>
    public Action? Queued { get; set; }

    /// <summary>Closed listeners dropped because <see cref="Capacity"/> were waiting for a scan.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    /// <summary>Starts listening in the exporter's network namespace; never throws: when the kernel refuses, <see cref="Unavailable"/> says why.</summary>
    public static ClosedSockets Start(ProcFsRoot self, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(self);
        var closed = new ClosedSockets(self, time) { Ephemeral = self.ReadEphemeralPorts(), ephemeralReadAt = time.GetUtcNow() };
        try
        {
            closed.listener = DestroyEventListener.Start(closed.Ephemeral, message => closed.OnClosedListener(message, 0));
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
                lock (othersGate)
                {
                    foreach (var other in others.Values)
                    {
                        other.UpdateEphemeralRange(range);
                    }
                }
            }
        }

        return drained;
    }

    /// <summary>
    /// Hears the destroy events of another network namespace too, entering it through <paramref name="namespacePath"/>
    /// (setns: CAP_SYS_ADMIN); what it hears carries the namespace's inode. Throws when the namespace cannot be entered,
    /// or when the path names another namespace than <paramref name="netns"/> now.
    /// </summary>
    public void Follow(ulong netns, string namespacePath)
    {
        lock (othersGate)
        {
            if (others.ContainsKey(netns))
            {
                return;
            }
        }

        var ephemeral = Ephemeral; // The host's range: a namespace's own sysctl cannot be read from here without entering it.
        var started = NamespaceEntry.Run(namespacePath, netns, () => DestroyEventListener.Start(ephemeral, message => OnClosedListener(message, netns)));
        lock (othersGate)
        {
            others[netns] = started;
        }
    }

    /// <summary>Stops hearing the namespaces not in <paramref name="alive"/> (they are gone).</summary>
    public void ForgetAllBut(IReadOnlyDictionary<ulong, ProcFs.NetworkNamespace> alive)
    {
        List<DestroyEventListener> gone = [];
        lock (othersGate)
        {
            foreach (var netns in others.Keys.Where(n => !alive.ContainsKey(n)).ToList())
            {
                gone.Add(others[netns]);
                others.Remove(netns);
            }
        }

        gone.ForEach(l => l.Dispose());
    }

    public void Dispose()
    {
        listener?.Dispose();
        lock (othersGate)
        {
            foreach (var other in others.Values)
            {
                other.Dispose();
            }

            others.Clear();
        }
    }

    private long Sum(Func<DestroyEventListener, long> counter)
    {
        var sum = listener is null ? 0 : counter(listener);
        lock (othersGate)
        {
            foreach (var other in others.Values)
            {
                sum += counter(other);
            }
        }

        return sum;
    }

    private void OnClosedListener(SockDiagMessage message, ulong netns)
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
            record = records.ToRecord(message, protocol) with { Netns = netns };
        }

        queue.Enqueue(new ClosedSocket(record, time.GetUtcNow()));
        Queued?.Invoke();
    }
}

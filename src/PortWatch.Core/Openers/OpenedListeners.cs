using System.Collections.Concurrent;
using PortWatch.Owners;
using PortWatch.ProcFs;
using PortWatch.Processes;
using PortWatch.Sockets;
using PortWatch.Tracing;

namespace PortWatch.Openers;

/// <summary>
/// The tracer's events, joined with who opened each socket: on the tracer's thread, the moment an event arrives,
/// the opener's name, executable and cgroup owner are read from <c>/proc/&lt;pid&gt;</c>; when it has already gone,
/// its owner comes from the event's cgroup id through the cgroup v2 hierarchy and its name from the event's comm.
/// Each event asks for a scan (<see cref="Trigger"/>), as does a loss in the ring buffer; each scan drains what
/// came (<see cref="Drain"/>). Holds at most <see cref="Capacity"/> between scans and counts what it drops.
/// </summary>
internal sealed class OpenedListeners : IDisposable
{
    public const int Capacity = 10_000;

    private readonly ConcurrentQueue<OpenedListener> queue = new();
    private readonly ProcFsRoot procFs;
    private readonly OwnerReader owners;
    private readonly ExecutableReader executables;
    private readonly ulong hostNetns;
    private readonly TimeProvider time;
    private CgroupHierarchy? cgroups;
    private BpfTracer? tracer;
    private int queued;
    private long dropped;
    private readonly long[] byKind = new long[5];

    private OpenedListeners(ProcFsRoot procFs, ulong hostNetns, TimeProvider time)
    {
        this.procFs = procFs;
        this.hostNetns = hostNetns;
        this.time = time;
        owners = new OwnerReader(procFs, time);
        executables = new ExecutableReader(procFs);
        Trigger = new ScanTrigger(time);
    }

    /// <summary><c>ebpf</c> when the tracer runs, else <c>none</c>.</summary>
    public string Mode => tracer is null ? "none" : "ebpf";

    /// <summary>Why the tracer runs or not: <see cref="TracerLauncher.Started"/>, or what stood in its way.</summary>
    public string Reason { get; private set; } = "";

    public bool Running => tracer is not null;

    public ScanTrigger Trigger { get; }

    /// <summary>Events the kernel dropped because the ring buffer was full.</summary>
    public long Lost => tracer?.Lost ?? 0;

    /// <summary>Events dropped here because <see cref="Capacity"/> were waiting for a scan.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    /// <summary>Events read, of one kind.</summary>
    public long Events(TraceKind kind) => Interlocked.Read(ref byKind[(int)kind]);

    /// <summary>
    /// Starts the tracer over the proc tree at <paramref name="procFs"/>; never throws: when it cannot run,
    /// <see cref="Running"/> is false and <see cref="Reason"/> says why. <paramref name="disabled"/> is the reason when it is not to run at all.
    /// </summary>
    public static OpenedListeners Start(ProcFsRoot procFs, ulong hostNetns, TimeProvider time, string? disabled = null)
    {
        ArgumentNullException.ThrowIfNull(procFs);
        var opened = new OpenedListeners(procFs, hostNetns, time);
        if (disabled is not null)
        {
            opened.Reason = disabled;
            return opened;
        }

        var (tracer, cgroups, reason) = TracerLauncher.TryStart(ProcFsRoot.Self, ProcFsRoot.Self.ReadEphemeralPorts(), opened.OnEvent, _ => opened.Trigger.Request());
        (opened.tracer, opened.cgroups, opened.Reason) = (tracer, cgroups, reason);
        return opened;
    }

    /// <summary>What opened since the last call, oldest first.</summary>
    public List<OpenedListener> Drain()
    {
        var drained = new List<OpenedListener>();
        while (queue.TryDequeue(out var opened))
        {
            Interlocked.Decrement(ref queued);
            drained.Add(opened);
        }

        return drained;
    }

    /// <summary>Follows a change of the kernel's ephemeral range (UDP binds there are dropped in the kernel).</summary>
    public void UpdateEphemeralRange(EphemeralPorts range) => tracer?.UpdateEphemeralRange(range);

    public void Dispose()
    {
        tracer?.Dispose();
        Trigger.Dispose();
    }

    private void OnEvent(TraceEvent traced)
    {
        Interlocked.Increment(ref byKind[(int)traced.Kind]);
        if (Interlocked.Increment(ref queued) > Capacity)
        {
            Interlocked.Decrement(ref queued);
            Interlocked.Increment(ref dropped);
            Trigger.Request();
            return;
        }

        queue.Enqueue(Resolve(traced));
        Trigger.Request();
    }

    private OpenedListener Resolve(TraceEvent traced)
    {
        var at = time.GetUtcNow() - TimeSpan.FromTicks((long)(TracingSyscalls.MonotonicNanoseconds() - traced.MonotonicNanoseconds) / 100);
        var pid = traced.Tgid;
        var comm = procFs.ReadComm(pid);
        var owner = owners.Read(pid);
        if (owner == ProcessOwner.Unknown && cgroups?.PathOf(traced.CgroupId) is { } path)
        {
            owner = owners.FromCgroup(CgroupHierarchy.AsProcCgroup(path)); // It has gone: its cgroup id still names its owner.
        }

        var name = comm is not null ? ProcessName.FromComm(comm) : ProcessName.FromComm(System.Text.Encoding.UTF8.GetBytes(traced.Comm));
        var executable = executables.Read(pid);
        var socket = traced.Kind switch
        {
            TraceKind.TcpListen or TraceKind.UdpBind => new SocketRecord(
                traced.Kind == TraceKind.TcpListen ? TransportProtocol.Tcp : TransportProtocol.Udp,
                traced.Family == 10 ? IpFamily.IPv6 : IpFamily.IPv4,
                traced.Address,
                traced.Port,
                0,
                traced.Uid,
                traced.Netns == hostNetns ? 0 : traced.Netns),
            _ => (SocketRecord?)null,
        };
        return new OpenedListener(traced.Kind, socket, new ProcessInfo(pid, name) { Owner = owner, Exe = executable.Link, Executable = ExecutableClassifier.Classify(executable) }, traced.CgroupId, at);
    }
}

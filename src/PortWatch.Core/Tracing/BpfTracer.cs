using System.Runtime.InteropServices;
using PortWatch.ProcFs;

namespace PortWatch.Tracing;

/// <summary>
/// The loaded tracer: <c>bpf/listen.bpf.c</c>'s object opened from memory, loaded (CO-RE: libbpf relocates it against
/// the kernel's BTF), attached (its tracepoint, and its cgroup programs at the cgroup v2 root), and its ring buffer
/// read on a thread of its own that hands each record to <c>onEvent</c> and reports new losses to <c>onLost</c>.
/// Only <see cref="Start"/> makes one; it throws <see cref="TracerException"/> with the reason when the kernel refuses.
/// </summary>
internal sealed unsafe class BpfTracer : IDisposable
{
    private const int PollMilliseconds = 100;
    private readonly List<nint> links = [];
    private readonly Action<TraceEvent> onEvent;
    private readonly Action<long> onLost;
    private nint bpfObject;
    private nint ringBuffer;
    private int lostFd = -1;
    private int ephemeralFd = -1;
    private GCHandle self;
    private Thread? poller;
    private volatile bool stopping;
    private long events;
    private long lost;

    private BpfTracer(Action<TraceEvent> onEvent, Action<long> onLost)
    {
        this.onEvent = onEvent;
        this.onLost = onLost;
    }

    /// <summary>Records read from the ring buffer.</summary>
    public long Events => Interlocked.Read(ref events);

    /// <summary>Records the kernel dropped because the ring buffer was full (the program counts them).</summary>
    public long Lost => Interlocked.Read(ref lost);

    /// <summary>The section names of the attached programs, such as <c>tp_btf/inet_sock_set_state</c>.</summary>
    public IReadOnlyList<string> Programs { get; private set; } = [];

    /// <summary>Loads and attaches <paramref name="objectBytes"/>; the cgroup programs go to <paramref name="cgroupRoot"/>.</summary>
    public static BpfTracer Start(ReadOnlySpan<byte> objectBytes, string cgroupRoot, EphemeralPorts ephemeral, Action<TraceEvent> onEvent, Action<long> onLost)
    {
        var tracer = new BpfTracer(onEvent, onLost);
        try
        {
            tracer.Load(objectBytes, cgroupRoot);
            tracer.UpdateEphemeralRange(ephemeral);
            tracer.poller = new Thread(tracer.Poll) { IsBackground = true, Name = "portwatch-tracer" };
            tracer.poller.Start();
            return tracer;
        }
        catch
        {
            tracer.Dispose();
            throw;
        }
    }

    /// <summary>Tells the kernel the ephemeral range, whose UDP binds it then drops.</summary>
    public void UpdateEphemeralRange(EphemeralPorts range)
    {
        uint key = 0;
        var value = ((uint)range.First << 16) | (uint)range.Last;
        _ = LibBpf.UpdateElement(ephemeralFd, &key, &value, 0);
    }

    public void Dispose()
    {
        stopping = true;
        poller?.Join();
        if (ringBuffer != 0)
        {
            LibBpf.RingBufferFree(ringBuffer);
            ringBuffer = 0;
        }

        foreach (var link in links)
        {
            _ = LibBpf.DestroyLink(link);
        }

        links.Clear();
        if (bpfObject != 0)
        {
            LibBpf.Close(bpfObject);
            bpfObject = 0;
        }

        if (self.IsAllocated)
        {
            self.Free();
        }
    }

    private void Load(ReadOnlySpan<byte> objectBytes, string cgroupRoot)
    {
        _ = LibBpf.SetPrint(0); // libbpf writes its warnings to stderr otherwise; the errors come back as errno.
        fixed (byte* bytes = objectBytes)
        {
            bpfObject = LibBpf.OpenMemory(bytes, (nuint)objectBytes.Length, 0);
        }

        if (bpfObject == 0)
        {
            throw TracerException.FromErrno("libbpf could not open the eBPF object", Marshal.GetLastPInvokeError());
        }

        if (LibBpf.Load(bpfObject) is var loaded and < 0)
        {
            throw TracerException.FromErrno("the kernel refused to load the eBPF programs", -loaded);
        }

        AttachAll(cgroupRoot);
        lostFd = MapFd("lost\0"u8);
        ephemeralFd = MapFd("ephemeral\0"u8);
        self = GCHandle.Alloc(this);
        ringBuffer = LibBpf.RingBufferNew(MapFd("events\0"u8), &OnSample, GCHandle.ToIntPtr(self), 0);
        if (ringBuffer == 0)
        {
            throw TracerException.FromErrno("libbpf could not map the ring buffer", Marshal.GetLastPInvokeError());
        }
    }

    private void AttachAll(string cgroupRoot)
    {
        var cgroup = TracingSyscalls.OpenDirectory(cgroupRoot);
        if (cgroup < 0)
        {
            throw TracerException.FromErrno($"the cgroup v2 root {cgroupRoot} cannot be opened", Marshal.GetLastPInvokeError());
        }

        try
        {
            var names = new List<string>();
            for (var program = LibBpf.NextProgram(bpfObject, 0); program != 0; program = LibBpf.NextProgram(bpfObject, program))
            {
                var section = Marshal.PtrToStringUTF8((nint)LibBpf.SectionName(program)) ?? "?";
                var link = section.StartsWith("cgroup/", StringComparison.Ordinal) ? LibBpf.AttachCgroup(program, cgroup) : LibBpf.Attach(program);
                if (link == 0)
                {
                    throw TracerException.FromErrno($"the kernel refused to attach {section}", Marshal.GetLastPInvokeError());
                }

                links.Add(link);
                names.Add(section);
            }

            Programs = names;
        }
        finally
        {
            _ = TracingSyscalls.CloseFd(cgroup);
        }
    }

    private int MapFd(ReadOnlySpan<byte> name)
    {
        fixed (byte* p = name)
        {
            var fd = LibBpf.FindMapFd(bpfObject, p);
            return fd >= 0 ? fd : throw new TracerException($"the eBPF object has no map {System.Text.Encoding.UTF8.GetString(name[..^1])}");
        }
    }

    private void Poll()
    {
        long reported = 0;
        while (!stopping)
        {
            _ = LibBpf.RingBufferPoll(ringBuffer, PollMilliseconds); // EINTR and the like: poll again.
            uint key = 0;
            ulong count = 0;
            if (LibBpf.LookupElement(lostFd, &key, &count) == 0 && (long)count > reported)
            {
                reported = (long)count;
                Interlocked.Exchange(ref lost, reported);
                onLost(reported);
            }
        }

        _ = LibBpf.RingBufferConsume(ringBuffer);
    }

    [UnmanagedCallersOnly]
    private static int OnSample(nint context, nint data, nuint size)
    {
        try
        {
            var tracer = (BpfTracer)GCHandle.FromIntPtr(context).Target!;
            Interlocked.Increment(ref tracer.events);
            if (TraceEvent.Parse(new ReadOnlySpan<byte>((void*)data, (int)size)) is { } traced)
            {
                tracer.onEvent(traced);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // An exception must not cross into libbpf's C frames: the record is dropped, the next is read.
        }

        return 0;
    }
}

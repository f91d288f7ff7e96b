using System.Runtime.InteropServices;
using PortWatch.ProcFs;

namespace PortWatch.Tracing;

/// <summary>
/// Starts the tracer when this build, the kernel and the exporter's rights allow it, and otherwise says why not,
/// checking in the order an operator would fix things: the build carries the eBPF object; libbpf.so.1 is
/// installed; the kernel has BTF; the exporter holds CAP_BPF, CAP_PERFMON and CAP_NET_ADMIN (cgroup socket
/// programs; or CAP_SYS_ADMIN for all three); cgroup v2 is
/// mounted; the kernel loads and attaches the programs. Never throws.
/// </summary>
internal static class TracerLauncher
{
    public const string ResourceName = "PortWatch.Tracing.listen.bpf.o";
    public const string KernelBtf = "/sys/kernel/btf/vmlinux";
    public const string Started = "attached";
    public const int CapNetAdmin = 12;
    public const int CapPerfmon = 38;
    public const int CapBpf = 39;

    /// <summary>The compiled <c>bpf/listen.bpf.c</c> this build embeds; null when it was built without clang.</summary>
    public static byte[]? EmbeddedObject()
    {
        using var stream = typeof(TracerLauncher).Assembly.GetManifestResourceStream(ResourceName);
        if (stream is null)
        {
            return null;
        }

        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Why the tracer cannot run here before trying to load it; null when nothing stands in the way.</summary>
    public static string? Obstacle(ProcFsRoot self, byte[]? objectBytes)
    {
        ArgumentNullException.ThrowIfNull(self);
        if (objectBytes is null)
        {
            return "this build carries no eBPF object (clang or libbpf-dev was missing when it was built)";
        }

        if (!NativeLibrary.TryLoad(LibBpf.Library, typeof(TracerLauncher).Assembly, null, out var handle))
        {
            return $"{LibBpf.Library} is not installed (Debian and Ubuntu: the libbpf1 package)";
        }

        NativeLibrary.Free(handle);
        if (!File.Exists(KernelBtf))
        {
            return $"the kernel has no BTF ({KernelBtf} is missing: CONFIG_DEBUG_INFO_BTF)";
        }

        if (!self.HasCapability(ProcFsRoot.CapSysAdmin)
            && !(self.HasCapability(CapBpf) && self.HasCapability(CapPerfmon) && self.HasCapability(CapNetAdmin)))
        {
            return "the exporter holds neither CAP_BPF, CAP_PERFMON and CAP_NET_ADMIN nor CAP_SYS_ADMIN (or root)";
        }

        return null;
    }

    /// <summary>Starts the tracer; on failure the tracer is null and the reason says why.</summary>
    public static (BpfTracer? Tracer, CgroupHierarchy? Cgroups, string Reason) TryStart(
        ProcFsRoot self, EphemeralPorts ephemeral, Action<TraceEvent> onEvent, Action<long> onLost)
    {
        var objectBytes = EmbeddedObject();
        if (Obstacle(self, objectBytes) is { } obstacle)
        {
            return (null, null, obstacle);
        }

        if (CgroupHierarchy.Find(self) is not { } cgroups)
        {
            return (null, null, "cgroup v2 is not mounted (the UDP bind and raw socket programs attach at its root)");
        }

        try
        {
            return (BpfTracer.Start(objectBytes, cgroups.Root, ephemeral, onEvent, onLost), cgroups, Started);
        }
        catch (TracerException e)
        {
            return (null, null, e.Message);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return (null, null, $"{LibBpf.Library} cannot be used: {e.Message}");
        }
    }
}

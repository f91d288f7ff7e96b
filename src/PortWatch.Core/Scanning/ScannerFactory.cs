using System.Text;
using PortWatch.Firewall;
using PortWatch.Openers;
using PortWatch.PacketSockets;
using PortWatch.ProcFs;
using PortWatch.Processes;
using PortWatch.Registry;
using PortWatch.Sockets;
using PortWatch.State;
using PortWatch.Tracing;

namespace PortWatch.Scanning;

/// <summary>
/// Puts a scanner together over the proc filesystem at <see cref="ScanOptions.ProcFsPath"/>. Netlink (the default)
/// sees the network namespace the exporter runs in, so it is used only when that is the namespace of the proc
/// tree's processes (the inode of <c>1/ns/net</c> against the exporter's own; a container with the host's
/// network and <c>/host/proc</c> passes); otherwise, and when the kernel refuses a netlink socket, the tree's
/// /proc/net tables are read, and <see cref="Scanner.MethodNote"/> says why.
/// </summary>
internal static class ScannerFactory
{
    /// <param name="destroyEvents">Whether to hear socket-destroy events (the exporter does; a one-off <c>list</c> does not).</param>
    /// <param name="packetSockets">Whether to read packet and raw sockets (always, but for the benchmark that measures the scan without them).</param>
    public static Scanner Create(ScanOptions options, StateOptions stateOptions, PortRegistry registry, ListenerHistory history, TimeProvider time, bool destroyEvents = false, bool packetSockets = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        var procFs = new ProcFsRoot(options.ProcFsPath);
        var tables = new ProcNetSocketSource(procFs);
        var (method, note) = ChooseMethod(options, procFs);
        var host = method == ScanMethod.Netlink ? (ISocketSource)new NetlinkSocketSource(tables) : tables;
        var closed = method == ScanMethod.Netlink && destroyEvents ? ClosedSockets.Start(ProcFsRoot.Self, time) : null;
        var (access, namespaceNote) = ChooseNamespaceAccess(options, procFs, method);
        var hostNamespace = HostNamespace(method, procFs);
        var source = new NamespacedSocketSource(
            host,
            procFs,
            new NetworkNamespaceFinder(procFs, NetworkNamespaceFinder.NamedDirectoryFor(procFs), time),
            hostNamespace,
            access,
            access == NamespaceAccess.Netlink ? closed : null,
            options.MaxNamespaces);
        var packets = packetSockets
            ? new PacketSocketStage(
                new PacketSocketEnumerator(procFs, method == ScanMethod.Netlink, access),
                options.BuiltInExpected ? [.. options.Expected, .. BuiltInExpected.Entries] : options.Expected,
                history.PacketSockets,
                stateOptions.ForgetAfter,
                options.MaxRecords)
            : null;
        var openers = destroyEvents ? StartTracer(options, procFs, hostNamespace, time) : null;
        if (closed is not null && openers is { Running: true })
        {
            // A listener the tracer made a scan see open at once is seen closed at once too, not a scan interval later.
            closed.Queued = openers.Trigger.Request;
        }

        return new Scanner(source, new OwnerCache(procFs, time), registry, options, stateOptions, history, time, closed, packets)
        {
            Method = method,
            MethodNote = note,
            NamespaceNote = namespaceNote,
            Openers = openers,
            Firewall = FirewallReader.Open(),
        };
    }

    /// <summary>
    /// The network namespace scans call <c>host</c> (netns 0, the exporter's own): the one whose sockets the host source
    /// reads, which the namespace finder must not read again under its inode. Netlink's socket is made in the
    /// exporter's namespace. The tables are the tree's <c>net/</c>, which on the kernel's proc filesystem is a link to
    /// <c>self/net</c>: the namespace of the process reading them, whichever namespace the tree's pid 1 is in, and
    /// even where pid 1's <c>ns/net</c> cannot be read (the host's pid 1 seen from a container, a hidepid mount). Only a
    /// tree without <c>self</c> (laid out like /proc by hand) is its init's view. 0 when none can be read.
    /// </summary>
    internal static ulong HostNamespace(ScanMethod method, ProcFsRoot procFs)
    {
        ArgumentNullException.ThrowIfNull(procFs);
        var tree = method == ScanMethod.Netlink ? ProcFsRoot.Self : procFs;
        if (tree.ReadLink("self/ns/net") is { } link && ProcFsRoot.TryParseNamespaceInode(Encoding.ASCII.GetBytes(link), out var own))
        {
            return own;
        }

        return (method == ScanMethod.Netlink ? null : procFs.ReadNetNamespace(1)) ?? 0;
    }

    /// <summary>The tracer, as <see cref="ScanOptions.Tracer"/> asks; throws <see cref="TracerException"/> when it must run and cannot.</summary>
    private static OpenedListeners StartTracer(ScanOptions options, ProcFsRoot procFs, ulong hostNamespace, TimeProvider time)
    {
        // Event keys name the namespace scans call "host" 0, as scans do.
        var openers = OpenedListeners.Start(procFs, hostNamespace, time, options.Tracer == TracerMode.None ? "--scan.tracer=none" : null);
        if (options.Tracer == TracerMode.Ebpf && !openers.Running)
        {
            openers.Dispose();
            throw new TracerException($"--scan.tracer=ebpf: the tracer cannot run: {openers.Reason}");
        }

        return openers;
    }

    /// <summary>How other namespaces are read, and, when that is less than <see cref="ScanOptions.Namespaces"/> asks for, why.</summary>
    private static (NamespaceAccess Access, string? Note) ChooseNamespaceAccess(ScanOptions options, ProcFsRoot procFs, ScanMethod method)
    {
        if (options.Namespaces == NamespaceMode.Host)
        {
            return (NamespaceAccess.None, null);
        }

        if (!ProcFsRoot.Self.HasCapability(ProcFsRoot.CapSysPtrace))
        {
            return (NamespaceAccess.None,
                "other processes' network namespaces cannot be seen without CAP_SYS_PTRACE (or root): only the exporter's own network namespace is scanned");
        }

        if (method == ScanMethod.Procfs)
        {
            return (NamespaceAccess.Procfs, null);
        }

        return ProcFsRoot.Self.HasCapability(ProcFsRoot.CapSysAdmin)
            ? (NamespaceAccess.Netlink, null)
            : (NamespaceAccess.Procfs,
                "without CAP_SYS_ADMIN (setns) other network namespaces are read through their /proc/<pid>/net tables, without destroy events: a listener there that opens and closes between two scans is missed");
    }

    private static (ScanMethod Method, string? Note) ChooseMethod(ScanOptions options, ProcFsRoot procFs)
    {
        if (options.Method == ScanMethod.Procfs)
        {
            return (ScanMethod.Procfs, null);
        }

        if (Path.GetFullPath(procFs.Path).TrimEnd('/') != ProcFsRoot.DefaultPath)
        {
            var theirs = procFs.ReadLink("1/ns/net");
            var ours = ProcFsRoot.Self.ReadLink("self/ns/net");
            if (theirs is null || theirs != ours)
            {
                return (ScanMethod.Procfs,
                    $"--path.procfs={procFs.Path}: its processes are in network namespace {theirs ?? "unknown (1/ns/net cannot be read)"} and the exporter in {ours ?? "unknown"}, so its /proc/net tables are read instead of netlink");
            }
        }

        return NetlinkSocketSource.Probe() is { } refused
            ? (ScanMethod.Procfs, $"the kernel refused a netlink socket ({refused}), so the /proc/net tables are read instead")
            : (ScanMethod.Netlink, null);
    }
}

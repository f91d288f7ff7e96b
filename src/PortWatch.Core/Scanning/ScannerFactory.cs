using PortWatch.ProcFs;
using PortWatch.Processes;
using PortWatch.Registry;
using PortWatch.Sockets;
using PortWatch.State;

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
    public static Scanner Create(ScanOptions options, StateOptions stateOptions, PortRegistry registry, ListenerHistory history, TimeProvider time, bool destroyEvents = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        var procFs = new ProcFsRoot(options.ProcFsPath);
        var tables = new ProcNetSocketSource(procFs);
        var (method, note) = ChooseMethod(options, procFs);
        var source = method == ScanMethod.Netlink ? (ISocketSource)new NetlinkSocketSource(tables) : tables;
        var closed = method == ScanMethod.Netlink && destroyEvents ? ClosedSockets.Start(ProcFsRoot.Self, time) : null;
        return new Scanner(source, new OwnerCache(procFs, time), registry, options, stateOptions, history, time, closed)
        {
            Method = method,
            MethodNote = note,
        };
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

using System.Globalization;
using PortWatch.Netlink;
using PortWatch.ProcFs;

namespace PortWatch.Sockets;

/// <summary>
/// The listeners of every network namespace: the exporter's own through <paramref name="host"/>, then each other
/// namespace the finder sees, read once however many processes share it, and tagged with its inode. With
/// <see cref="NamespaceAccess.Netlink"/>, a sock_diag socket is made inside each namespace (kept while it lives) and
/// its destroy events are heard through <paramref name="closed"/>; with <see cref="NamespaceAccess.Procfs"/>, the
/// tables of a process inside it are read. A namespace that cannot be read this scan (its last process exited,
/// setns refused) is skipped and counted, never fatal: the host's listeners are what must not be lost. At most
/// <paramref name="maxNamespaces"/> are read, the host's included (<see cref="NamespaceSelection"/> chooses; 0 for no
/// limit).
/// </summary>
internal sealed class NamespacedSocketSource(
    ISocketSource host,
    ProcFsRoot procFs,
    NetworkNamespaceFinder finder,
    ulong hostNamespace,
    NamespaceAccess access,
    ClosedSockets? closed,
    int maxNamespaces) : ISocketSource, IDisposable
{
    private readonly Dictionary<ulong, NetlinkSocketSource> entered = [];
    private HashSet<ulong> readLast = [];

    /// <summary>Namespaces read by the last scan, the exporter's own included.</summary>
    public int NamespacesRead { get; private set; }

    /// <summary>Namespace reads that failed since the start (a namespace that vanished mid-scan, setns refused).</summary>
    public long NamespaceErrors { get; private set; }

    /// <summary>Why the last failed namespace read failed; null when none has.</summary>
    public string? LastNamespaceError { get; private set; }

    /// <summary>Namespaces the last scan found and did not read: more than <c>--scan.max-namespaces</c> exist.</summary>
    public int NamespacesLeftOut { get; private set; }

    /// <summary>The most namespaces a scan reads, the exporter's own included; 0 for no limit.</summary>
    public int MaxNamespaces => maxNamespaces;

    public NamespaceAccess Access => access;

    /// <summary>The other namespaces the last scan read or tried to, by inode, within the cap (the packet-socket scan reads the same ones).</summary>
    public IReadOnlyDictionary<ulong, NetworkNamespace> LastNamespaces { get; private set; } = new Dictionary<ulong, NetworkNamespace>();

    public SocketInventory Enumerate(IReadOnlySet<TransportProtocol> protocols, CancellationToken cancellationToken)
    {
        var inventory = host.Enumerate(protocols, cancellationToken);
        if (access == NamespaceAccess.None)
        {
            NamespacesRead = 1;
            return inventory;
        }

        var all = finder.Find(except: hostNamespace);
        var namespaces = NamespaceSelection.Choose(all, readLast, maxNamespaces - 1, out var leftOut);
        var chosen = namespaces.Select(n => n.Inode).ToHashSet();
        var readNow = new HashSet<ulong>();
        LastNamespaces = namespaces.ToDictionary(n => n.Inode);
        var sockets = new List<SocketRecord>(inventory.Sockets);
        var malformed = new Dictionary<string, int>(inventory.MalformedLines, StringComparer.Ordinal);
        foreach (var space in namespaces)
        {
            var inode = space.Inode;
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var found = Read(space, protocols, cancellationToken);
                foreach (var socket in found.Sockets)
                {
                    sockets.Add(socket with { Netns = inode });
                }

                foreach (var (table, count) in found.MalformedLines)
                {
                    if (count > 0)
                    {
                        malformed[$"netns {inode.ToString(CultureInfo.InvariantCulture)} {table}"] = count;
                    }
                }

                readNow.Add(inode);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
            {
                NamespaceErrors++;
                LastNamespaceError = $"netns {inode.ToString(CultureInfo.InvariantCulture)} ({space.Path}): {e.Message}";
                Drop(inode);
            }
        }

        foreach (var gone in entered.Keys.Where(n => !chosen.Contains(n)).ToList())
        {
            Drop(gone);
        }

        closed?.ForgetAllBut(chosen);
        readLast = readNow;
        NamespacesRead = readNow.Count + 1;
        NamespacesLeftOut = leftOut;
        return new SocketInventory(sockets, malformed, inventory.MissingTables);
    }

    public void Dispose()
    {
        foreach (var source in entered.Values)
        {
            source.Dispose();
        }

        entered.Clear();
        (host as IDisposable)?.Dispose();
    }

    private SocketInventory Read(NetworkNamespace space, IReadOnlySet<TransportProtocol> protocols, CancellationToken cancellationToken)
    {
        var tables = space.Pid is { } pid ? new ProcNetSocketSource(new ProcFsRoot(Path.Combine(procFs.Path, pid.ToString(CultureInfo.InvariantCulture)))) : null;
        if (access == NamespaceAccess.Procfs)
        {
            return tables?.Enumerate(protocols, cancellationToken) ?? new SocketInventory([], new Dictionary<string, int>(), []);
        }

        if (!entered.TryGetValue(space.Inode, out var source))
        {
            var (path, inode) = (space.Path, space.Inode);
            var dumper = NamespaceEntry.Run(path, inode, () => new SockDiagDumper());
            source = new NetlinkSocketSource(tables ?? new ProcNetSocketSource(procFs), () => NamespaceEntry.Run(path, inode, () => new SockDiagDumper()), dumper);
            entered[space.Inode] = source;
            closed?.Follow(space.Inode, path);
        }

        return source.Enumerate(protocols, cancellationToken);
    }

    private void Drop(ulong inode)
    {
        if (entered.Remove(inode, out var source))
        {
            source.Dispose();
        }
    }
}

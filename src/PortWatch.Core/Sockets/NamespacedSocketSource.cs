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
/// setns refused) is skipped and counted, never fatal: the host's listeners are what must not be lost.
/// </summary>
internal sealed class NamespacedSocketSource(
    ISocketSource host,
    ProcFsRoot procFs,
    NetworkNamespaceFinder finder,
    ulong hostNamespace,
    NamespaceAccess access,
    ClosedSockets? closed) : ISocketSource, IDisposable
{
    private readonly Dictionary<ulong, NetlinkSocketSource> entered = [];

    /// <summary>Namespaces read by the last scan, the exporter's own included.</summary>
    public int NamespacesRead { get; private set; }

    /// <summary>Namespace reads that failed since the start (a namespace that vanished mid-scan, setns refused).</summary>
    public long NamespaceErrors { get; private set; }

    /// <summary>Why the last failed namespace read failed; null when none has.</summary>
    public string? LastNamespaceError { get; private set; }

    public NamespaceAccess Access => access;

    /// <summary>The other namespaces the last scan found, by inode (the packet-socket scan reads the same ones).</summary>
    public IReadOnlyDictionary<ulong, NetworkNamespace> LastNamespaces { get; private set; } = new Dictionary<ulong, NetworkNamespace>();

    public SocketInventory Enumerate(IReadOnlySet<TransportProtocol> protocols, CancellationToken cancellationToken)
    {
        var inventory = host.Enumerate(protocols, cancellationToken);
        if (access == NamespaceAccess.None)
        {
            NamespacesRead = 1;
            return inventory;
        }

        var namespaces = finder.Find(except: hostNamespace);
        LastNamespaces = new Dictionary<ulong, NetworkNamespace>(namespaces);
        var sockets = new List<SocketRecord>(inventory.Sockets);
        var malformed = new Dictionary<string, int>(inventory.MalformedLines, StringComparer.Ordinal);
        var read = 1;
        foreach (var (inode, space) in namespaces.OrderBy(n => n.Key))
        {
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

                read++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
            {
                NamespaceErrors++;
                LastNamespaceError = $"netns {inode.ToString(CultureInfo.InvariantCulture)} ({space.Path}): {e.Message}";
                Drop(inode);
            }
        }

        foreach (var gone in entered.Keys.Where(n => !namespaces.ContainsKey(n)).ToList())
        {
            Drop(gone);
        }

        closed?.ForgetAllBut(namespaces);
        NamespacesRead = read;
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

using System.Globalization;
using PortWatch.Netlink;
using PortWatch.ProcFs;
using PortWatch.Sockets;

namespace PortWatch.PacketSockets;

/// <summary>
/// The packet and raw sockets of every network namespace the listener scan reads, the same way it reads them: the
/// exporter's own through sock_diag (<paramref name="netlink"/>) or <paramref name="procFs"/>'s /proc/net files; with
/// <see cref="NamespaceAccess.Netlink"/>, a packet_diag socket made inside each other namespace (kept while it
/// lives); with <see cref="NamespaceAccess.Procfs"/>, the files of a process inside it. A namespace that cannot be
/// read this scan is skipped and counted, never fatal.
/// </summary>
internal sealed class PacketSocketEnumerator(ProcFsRoot procFs, bool netlink, NamespaceAccess access) : IDisposable
{
    private readonly NamespacePacketReader host = new(
        netlink ? () => new PacketDiagDumper() : null,
        netlink ? () => new SockDiagDumper() : null);

    private readonly Dictionary<ulong, NamespacePacketReader> readers = [];

    /// <summary>Why the last namespace read that failed did; null when none has.</summary>
    public string? LastNamespaceError { get; private set; }

    /// <param name="others">The other namespaces the listener scan found (<see cref="NamespacedSocketSource.LastNamespaces"/>).</param>
    public PacketSocketInventory Enumerate(IReadOnlyDictionary<ulong, NetworkNamespace> others, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(others);
        var sockets = new List<PacketSocketRecord>();
        var malformed = host.Read(0, procFs, sockets, cancellationToken);
        var errors = 0;
        if (access != NamespaceAccess.None)
        {
            foreach (var (inode, space) in others.OrderBy(n => n.Key))
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    var tables = space.Pid is { } pid ? new ProcFsRoot(Path.Combine(procFs.Path, pid.ToString(CultureInfo.InvariantCulture))) : null;
                    malformed += Reader(space).Read(inode, tables, sockets, cancellationToken);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
                {
                    errors++;
                    LastNamespaceError = $"netns {inode.ToString(CultureInfo.InvariantCulture)} ({space.Path}): {e.Message}";
                    Drop(inode);
                }
            }
        }

        foreach (var gone in readers.Keys.Where(n => !others.ContainsKey(n)).ToList())
        {
            Drop(gone);
        }

        return new PacketSocketInventory(sockets, host.PacketMethod, host.RawMethod, malformed, errors);
    }

    public void Dispose()
    {
        host.Dispose();
        foreach (var reader in readers.Values)
        {
            reader.Dispose();
        }

        readers.Clear();
    }

    private NamespacePacketReader Reader(NetworkNamespace space)
    {
        if (readers.TryGetValue(space.Inode, out var reader))
        {
            return reader;
        }

        if (access == NamespaceAccess.Netlink)
        {
            var (path, inode) = (space.Path, space.Inode);
            reader = new NamespacePacketReader(
                () => NamespaceEntry.Run(path, inode, () => new PacketDiagDumper()),
                () => NamespaceEntry.Run(path, inode, () => new SockDiagDumper()));
        }
        else
        {
            // A named namespace no process is in shows no files: read as empty, as the listener scan does.
            reader = new NamespacePacketReader(null, null);
        }

        readers[space.Inode] = reader;
        return reader;
    }

    private void Drop(ulong inode)
    {
        if (readers.Remove(inode, out var reader))
        {
            reader.Dispose();
        }
    }
}

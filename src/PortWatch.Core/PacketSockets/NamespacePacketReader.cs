using System.ComponentModel;
using PortWatch.Netlink;
using PortWatch.ProcFs;
using PortWatch.Sockets;

namespace PortWatch.PacketSockets;

/// <summary>
/// Reads the packet and raw sockets of one network namespace. Packet sockets through packet_diag when a sock_diag
/// socket is given (<paramref name="openPacket"/>) and the kernel has it, else from <c>net/packet</c> of
/// the tables given to <see cref="Read"/>; raw sockets through raw_diag (inet_diag, protocol IPPROTO_RAW) when the kernel has it,
/// else from <c>net/raw</c> and <c>net/raw6</c>. The kernel answers ENOENT for a diag module it lacks: that is
/// remembered, and the file read from then on. Says which method each kind was read with.
/// </summary>
internal sealed class NamespacePacketReader(Func<PacketDiagDumper>? openPacket, Func<SockDiagDumper>? openRaw) : IDisposable
{
    private const int NoSuchEntry = 2;
    private const byte IpProtoRaw = 255;
    private readonly List<PacketDiagMessage> packetMessages = [];
    private readonly List<SockDiagMessage> rawMessages = [];
    private readonly ParsedProcTable packetTable = new("net/packet", ProcNetPacketParser.Parse);
    private readonly ParsedProcTable rawTable = new("net/raw", (text, sockets) => ProcNetRawParser.Parse(text, IpFamily.IPv4, sockets));
    private readonly ParsedProcTable raw6Table = new("net/raw6", (text, sockets) => ProcNetRawParser.Parse(text, IpFamily.IPv6, sockets));
    private PacketDiagDumper? packet;
    private SockDiagDumper? raw;
    private bool packetMissing = openPacket is null;
    private bool rawMissing = openRaw is null;

    public PacketReadMethod PacketMethod => packetMissing ? PacketReadMethod.Procfs : PacketReadMethod.Netlink;

    public PacketReadMethod RawMethod => rawMissing ? PacketReadMethod.Procfs : PacketReadMethod.Netlink;

    /// <summary>Appends this namespace's sockets, tagged with <paramref name="netns"/>, to <paramref name="sockets"/>.</summary>
    /// <param name="tables">A proc tree whose <c>net/</c> shows this namespace now (the root for the exporter's own, <c>&lt;pid&gt;</c> of a process inside it for another, found again each scan: the process that was inside may have gone, and a namespace that was empty may have one now); null for a namespace no process is in (its files cannot be read).</param>
    /// <returns>Lines or messages that could not be read.</returns>
    public int Read(ulong netns, ProcFsRoot? tables, List<PacketSocketRecord> sockets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sockets);
        var found = new List<PacketSocketRecord>();
        var malformed = ReadPacket(tables, found, cancellationToken) + ReadRaw(tables, found, cancellationToken);
        Dictionary<int, string>? names = null;
        foreach (var socket in found)
        {
            if (socket.InterfaceIndex is > 0)
            {
                names ??= ReadInterfaceNames(tables);
            }

            sockets.Add(socket with { Netns = netns, Interface = InterfaceNames.Label(socket.InterfaceIndex, names ?? new Dictionary<int, string>()) });
        }

        return malformed;
    }

    private static Dictionary<int, string> ReadInterfaceNames(ProcFsRoot? tables)
    {
        var names = InterfaceNames.Parse(tables?.ReadOptionalText("net/igmp"), tables?.ReadOptionalText("net/if_inet6"), tables?.ReadOptionalText("net/dev_mcast"));
        if (tables is not null)
        {
            try
            {
                var files = Directory.EnumerateFiles(Path.Combine(tables.Path, "net/dev_snmp6"))
                    .Select(f => (Path.GetFileName(f), tables.ReadOptionalText(Path.Combine("net/dev_snmp6", Path.GetFileName(f))) ?? ""));
                InterfaceNames.AddSnmp6(names, files);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // No IPv6 in this namespace: the other files' names, or if<index>.
            }
        }

        return names;
    }

    public void Dispose()
    {
        packet?.Dispose();
        raw?.Dispose();
    }

    private int ReadPacket(ProcFsRoot? tables, List<PacketSocketRecord> sockets, CancellationToken cancellationToken)
    {
        if (!packetMissing)
        {
            packetMessages.Clear();
            try
            {
                packet ??= openPacket!();
                var error = packet.Dump(packetMessages, cancellationToken);
                if (error == 0)
                {
                    foreach (var m in packetMessages)
                    {
                        sockets.Add(new PacketSocketRecord(PacketSocketKind.Packet, m.Protocol, null, m.InterfaceIndex, m.Filter, m.Uid ?? 0, m.Inode));
                    }

                    return 0;
                }

                packetMissing = error == NoSuchEntry ? true : throw new Win32Exception(error, $"packet_diag dump: {new Win32Exception(error).Message}");
            }
            catch
            {
                packet?.Dispose();
                packet = null;
                throw;
            }
        }

        return tables is null ? 0 : packetTable.Read(tables, sockets);
    }

    private int ReadRaw(ProcFsRoot? tables, List<PacketSocketRecord> sockets, CancellationToken cancellationToken)
    {
        if (!rawMissing)
        {
            try
            {
                raw ??= openRaw!();
                var before = sockets.Count;
                foreach (var (family, ipFamily) in new[] { (SockDiag.AfInet, IpFamily.IPv4), (SockDiag.AfInet6, IpFamily.IPv6) })
                {
                    rawMessages.Clear();
                    var error = raw.Dump(family, IpProtoRaw, uint.MaxValue, rawMessages, cancellationToken);
                    if (error == NoSuchEntry)
                    {
                        rawMissing = true;
                        sockets.RemoveRange(before, sockets.Count - before);
                        break;
                    }

                    foreach (var m in rawMessages)
                    {
                        sockets.Add(new PacketSocketRecord(PacketSocketKind.Raw, m.SourcePort, ipFamily, null, PacketFilter.Unknown, m.Uid, m.Inode));
                    }
                }

                if (!rawMissing)
                {
                    return 0;
                }
            }
            catch
            {
                raw?.Dispose();
                raw = null;
                throw;
            }
        }

        return tables is null ? 0 : rawTable.Read(tables, sockets) + raw6Table.Read(tables, sockets);
    }
}

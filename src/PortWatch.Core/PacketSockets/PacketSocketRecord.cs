using PortWatch.Netlink;
using PortWatch.Sockets;

namespace PortWatch.PacketSockets;

/// <summary>One packet or raw socket as the kernel reports it: a packet_diag message, one line of /proc/net/packet or /proc/net/raw.</summary>
/// <param name="Protocol">Packet: the ethertype (host order). Raw: the IP protocol number.</param>
/// <param name="Family">Raw: the IP family; packet: null.</param>
/// <param name="InterfaceIndex">The bound interface, 0 for any; null when the source cannot tell (a raw socket read from /proc/net/raw).</param>
/// <param name="Filter">Whether a classic BPF filter is attached: /proc/net/packet and /proc/net/raw cannot say (unknown).</param>
/// <param name="Netns">The inode of its network namespace; 0 for the exporter's own.</param>
internal readonly record struct PacketSocketRecord(
    PacketSocketKind Kind,
    int Protocol,
    IpFamily? Family,
    int? InterfaceIndex,
    PacketFilter Filter,
    uint Uid,
    ulong Inode,
    ulong Netns = 0)
{
    /// <summary>The <c>interface</c> label (<see cref="InterfaceNames.Label"/>), set once the namespace's interface names are read.</summary>
    public string Interface { get; init; } = "unknown";
}

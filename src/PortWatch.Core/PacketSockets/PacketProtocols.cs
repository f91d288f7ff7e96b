using System.Globalization;
using PortWatch.Sockets;

namespace PortWatch.PacketSockets;

/// <summary>
/// The <c>protocol</c> label of a packet or raw socket. Packet: the ethertype as <c>all</c> (ETH_P_ALL), <c>ip</c>,
/// <c>ipv6</c>, <c>arp</c>, or <c>0x</c> and four hex digits. Raw: IANA's protocol keyword in lower case
/// (protocol-numbers registry) for the protocols raw sockets are opened for, else the number.
/// </summary>
internal static class PacketProtocols
{
    private static readonly Dictionary<int, string> IpKeywords = new()
    {
        [0] = "hopopt",
        [1] = "icmp",
        [2] = "igmp",
        [4] = "ipv4",
        [6] = "tcp",
        [17] = "udp",
        [41] = "ipv6",
        [46] = "rsvp",
        [47] = "gre",
        [50] = "esp",
        [51] = "ah",
        [58] = "ipv6-icmp",
        [89] = "ospfigp",
        [103] = "pim",
        [112] = "vrrp",
        [115] = "l2tp",
        [132] = "sctp",
    };

    public static string Label(PacketSocketKind kind, int protocol) => kind switch
    {
        PacketSocketKind.Packet => protocol switch
        {
            0x0003 => "all",
            0x0800 => "ip",
            0x86DD => "ipv6",
            0x0806 => "arp",
            _ => string.Create(CultureInfo.InvariantCulture, $"0x{protocol:x4}"),
        },
        _ => IpKeywords.TryGetValue(protocol, out var keyword) ? keyword : protocol.ToString(CultureInfo.InvariantCulture),
    };
}

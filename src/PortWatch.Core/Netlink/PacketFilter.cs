namespace PortWatch.Netlink;

/// <summary>What the kernel says of a packet socket's classic BPF filter (PACKET_DIAG_FILTER).</summary>
internal enum PacketFilter
{
    /// <summary>No filter attached: the attribute is absent.</summary>
    None,

    /// <summary>A classic BPF program is attached: the attribute holds its instructions.</summary>
    Bpf,

    /// <summary>The kernel will not say: the attribute is empty because the requester lacks CAP_NET_ADMIN, or the source cannot tell (/proc/net/packet).</summary>
    Unknown,
}

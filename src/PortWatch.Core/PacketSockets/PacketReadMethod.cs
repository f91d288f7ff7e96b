namespace PortWatch.PacketSockets;

/// <summary>How a kind of socket was read in a namespace: through sock_diag (packet_diag, raw_diag) or the /proc/net file.</summary>
internal enum PacketReadMethod
{
    /// <summary>sock_diag over netlink: for packet sockets, with their filters (given CAP_NET_ADMIN).</summary>
    Netlink,

    /// <summary>/proc/net/packet or /proc/net/raw(6): no filter, and for raw sockets no interface.</summary>
    Procfs,
}

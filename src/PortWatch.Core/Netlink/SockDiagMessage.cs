namespace PortWatch.Netlink;

/// <summary>One <c>inet_diag_msg</c>: a socket as sock_diag reports it, in a dump or a destroy broadcast.</summary>
/// <param name="Family">AF_INET or AF_INET6.</param>
/// <param name="State">The TCP state number (UDP sockets report CLOSE when unconnected, ESTABLISHED when connected).</param>
/// <param name="SourceAddress">16 bytes; an IPv4 address in the first 4.</param>
/// <param name="DestinationAddress">16 bytes; an IPv4 address in the first 4.</param>
/// <param name="Cookie">The kernel's identity of the socket, unique while it lives.</param>
/// <param name="Inode">0 in a destroy message: the socket has left its inode by then.</param>
/// <param name="Protocol">IPPROTO_TCP or IPPROTO_UDP from the INET_DIAG_PROTOCOL attribute (destroy messages carry it); 0 when absent.</param>
internal readonly record struct SockDiagMessage(
    byte Family,
    byte State,
    int SourcePort,
    int DestinationPort,
    UInt128 SourceAddress,
    UInt128 DestinationAddress,
    ulong Cookie,
    uint Uid,
    ulong Inode,
    byte Protocol = 0)
{
    /// <summary>True when the socket has no peer: destination port 0 and destination address all zero.</summary>
    public bool HasNoPeer => DestinationPort == 0 && DestinationAddress == UInt128.Zero;
}

namespace PortWatch.Sockets;

/// <summary>What a socket without a port is: an AF_PACKET socket (link layer) or a raw IP socket (SOCK_RAW, v4 or v6).</summary>
internal enum PacketSocketKind
{
    /// <summary>AF_PACKET: sees frames of an interface, or of every interface.</summary>
    Packet,

    /// <summary>AF_INET or AF_INET6 with SOCK_RAW: sees every datagram of one IP protocol.</summary>
    Raw,
}

namespace PortWatch.Sockets;

/// <summary>The transport protocols PortWatch enumerates.</summary>
internal enum TransportProtocol
{
    /// <summary>TCP; a listener is a socket in LISTEN.</summary>
    Tcp,

    /// <summary>UDP; a listener is a bound, unconnected socket.</summary>
    Udp,
}

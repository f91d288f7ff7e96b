using System.Net;

namespace PortWatch.Sockets;

/// <summary>
/// The identity of a listener (SPEC section 3): protocol, family, address and port, never the pid. Sockets that
/// share it (SO_REUSEPORT groups, a socket inherited by forked workers) are one listener.
/// </summary>
internal readonly record struct ListenerKey(TransportProtocol Protocol, IpFamily Family, IPAddress Address, int Port)
{
    public static ListenerKey Of(SocketRecord socket) => new(socket.Protocol, socket.Family, socket.Address, socket.Port);

    /// <summary>The address as <c>ss -n</c> prints it, without brackets: 0.0.0.0, ::, ::1, ::ffff:127.0.0.1.</summary>
    public string AddressText => Address.ToString();

    public override string ToString() =>
        $"{Protocol.ToLabel()} {(Family == IpFamily.IPv6 ? $"[{AddressText}]" : AddressText)}:{Port}";
}

using System.Buffers.Binary;
using System.Net;
using PortWatch.Netlink;

namespace PortWatch.Sockets;

/// <summary>Turns sock_diag messages into socket records, keeping one <see cref="IPAddress"/> a distinct address (most listeners share a few).</summary>
internal sealed class SockDiagRecords
{
    private readonly Dictionary<(byte Family, UInt128 Address), IPAddress> addresses = [];

    public SocketRecord ToRecord(in SockDiagMessage message, TransportProtocol protocol) => new(
        protocol,
        message.Family == SockDiag.AfInet ? IpFamily.IPv4 : IpFamily.IPv6,
        Address(message.Family, message.SourceAddress),
        message.SourcePort,
        message.Inode,
        message.Uid);

    /// <summary>The protocol of a destroy message, from its INET_DIAG_PROTOCOL attribute.</summary>
    public static TransportProtocol? ProtocolOf(in SockDiagMessage message) => message.Protocol switch
    {
        SockDiag.IpProtoTcp => TransportProtocol.Tcp,
        SockDiag.IpProtoUdp => TransportProtocol.Udp,
        _ => null,
    };

    private IPAddress Address(byte family, UInt128 value)
    {
        if (addresses.TryGetValue((family, value), out var address))
        {
            return address;
        }

        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        address = new IPAddress(family == SockDiag.AfInet ? bytes[..4] : bytes);
        if (addresses.Count < 4096)
        {
            addresses[(family, value)] = address;
        }

        return address;
    }
}

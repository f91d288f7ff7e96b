using System.Buffers.Binary;
using System.Net;
using PortWatch.Netlink;

namespace PortWatch.Core.Tests.Netlink;

/// <summary>Writes netlink messages as the kernel lays them out (little-endian headers, network-order ports and addresses), independently of the parser.</summary>
internal static class SockDiagBytes
{
    public static byte[] Socket(
        byte family, int sourcePort, string source, int destinationPort = 0, string? destination = null, byte state = 10,
        uint uid = 1000, ulong inode = 4242, ulong cookie = 7, byte? protocolAttribute = null, uint sequence = 1, ushort type = 20)
    {
        var attribute = protocolAttribute is null ? 0 : 8;
        var message = new byte[16 + 72 + attribute];
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)message.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(4), type);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(6), 2);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8), sequence);
        var body = message.AsSpan(16);
        body[0] = family;
        body[1] = state;
        BinaryPrimitives.WriteUInt16BigEndian(body[4..], (ushort)sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(body[6..], (ushort)destinationPort);
        IPAddress.Parse(source).GetAddressBytes().CopyTo(body[8..]);
        if (destination is not null)
        {
            IPAddress.Parse(destination).GetAddressBytes().CopyTo(body[24..]);
        }

        BinaryPrimitives.WriteUInt64LittleEndian(body[44..], cookie);
        BinaryPrimitives.WriteUInt32LittleEndian(body[64..], uid);
        BinaryPrimitives.WriteUInt32LittleEndian(body[68..], (uint)inode);
        if (protocolAttribute is { } protocol)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(body[72..], 5);
            BinaryPrimitives.WriteUInt16LittleEndian(body[74..], SockDiag.AttributeProtocol);
            body[76] = protocol;
        }

        return message;
    }

    public static byte[] Done(int error = 0) => Control(SockDiag.NlmsgDone, error);

    public static byte[] Error(int error) => Control(SockDiag.NlmsgError, error);

    public static byte[] Concat(params byte[][] messages) => [.. messages.SelectMany(m => m.Concat(new byte[(4 - (m.Length % 4)) % 4]))];

    private static byte[] Control(ushort type, int error)
    {
        var message = new byte[20];
        BinaryPrimitives.WriteUInt32LittleEndian(message, 20);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(4), type);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(16), -error);
        return message;
    }
}

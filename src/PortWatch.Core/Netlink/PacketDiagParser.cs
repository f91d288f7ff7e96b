using System.Buffers.Binary;

namespace PortWatch.Netlink;

/// <summary>
/// Reads the netlink messages of one datagram of a packet_diag reply: a pure function over bytes. Each
/// <c>packet_diag_msg</c> is appended with the attributes PortWatch uses; <c>NLMSG_DONE</c> and <c>NLMSG_ERROR</c>
/// end the dump as in <see cref="SockDiagParser"/>. PACKET_DIAG_FILTER is absent when no filter is attached, holds
/// the instructions when one is, and is empty when the requester lacks CAP_NET_ADMIN (the kernel reserves it
/// with no payload): none, bpf, unknown. A message or attribute that does not fit is counted, never read past.
/// Given the request's sequence number, a message with another is skipped and counted, as in <see cref="SockDiagParser"/>.
/// </summary>
internal static class PacketDiagParser
{
    public static DatagramOutcome Parse(ReadOnlySpan<byte> datagram, List<PacketDiagMessage> messages, uint? sequence = null) =>
        NetlinkDatagram.Parse(datagram, messages, sequence, TryReadMessage);

    /// <summary>Reads a <c>packet_diag_msg</c> and its attributes; false when it is too short, not AF_PACKET, or an attribute overruns it.</summary>
    public static bool TryReadMessage(ReadOnlySpan<byte> payload, out PacketDiagMessage message)
    {
        message = default;
        if (payload.Length < PacketDiag.MessageLength || payload[0] != PacketDiag.AfPacket)
        {
            return false;
        }

        uint? uid = null, fanout = null;
        int? index = null;
        var filter = PacketFilter.None;
        int instructions = 0, memberships = 0;
        var attributes = payload[PacketDiag.MessageLength..];
        while (attributes.Length >= 4)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(attributes);
            var type = BinaryPrimitives.ReadUInt16LittleEndian(attributes[2..]);
            if (length < 4 || length > attributes.Length)
            {
                return false;
            }

            var value = attributes[4..length];
            switch (type)
            {
                case PacketDiag.AttributeInfo when value.Length >= 4:
                    index = BinaryPrimitives.ReadInt32LittleEndian(value);
                    break;
                case PacketDiag.AttributeUid when value.Length >= 4:
                    uid = BinaryPrimitives.ReadUInt32LittleEndian(value);
                    break;
                case PacketDiag.AttributeFanout when value.Length >= 4:
                    fanout = BinaryPrimitives.ReadUInt32LittleEndian(value);
                    break;
                case PacketDiag.AttributeMulticast:
                    memberships = value.Length / PacketDiag.MulticastEntryLength;
                    break;
                case PacketDiag.AttributeFilter:
                    filter = value.IsEmpty ? PacketFilter.Unknown : PacketFilter.Bpf;
                    instructions = value.Length / PacketDiag.FilterInstructionLength;
                    break;
            }

            attributes = attributes[Math.Min((length + 3) & ~3, attributes.Length)..];
        }

        message = new PacketDiagMessage(
            payload[1],
            BinaryPrimitives.ReadUInt16LittleEndian(payload[2..]),
            BinaryPrimitives.ReadUInt32LittleEndian(payload[4..]),
            uid,
            index,
            filter,
            instructions,
            fanout,
            memberships);
        return true;
    }
}

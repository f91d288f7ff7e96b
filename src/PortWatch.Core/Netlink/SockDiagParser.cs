using System.Buffers.Binary;

namespace PortWatch.Netlink;

/// <summary>
/// Reads the netlink messages of one datagram of a sock_diag reply or broadcast: a pure function over bytes,
/// tested on captured and hand-made datagrams. Socket messages are appended; <c>NLMSG_DONE</c> ends a dump
/// (with the error the kernel puts in it, such as ENOENT when a diag module is not loaded); <c>NLMSG_ERROR</c>
/// ends it with an error. A message whose length does not fit the datagram ends the datagram and is counted;
/// nothing a datagram holds can make the parser read outside it. Given the request's sequence number, a message with
/// another is skipped and counted (<see cref="DatagramOutcome.Foreign"/>): it does not answer this request, and a
/// DONE or ERROR of it never ends this dump.
/// </summary>
internal static class SockDiagParser
{
    public static DatagramOutcome Parse(ReadOnlySpan<byte> datagram, List<SockDiagMessage> messages, uint? sequence = null) =>
        NetlinkDatagram.Parse(datagram, messages, sequence, TryReadMessage);

    /// <summary>Reads an <c>inet_diag_msg</c> and, of the attributes after it, INET_DIAG_PROTOCOL.</summary>
    public static bool TryReadMessage(ReadOnlySpan<byte> payload, out SockDiagMessage message)
    {
        message = default;
        if (payload.Length < SockDiag.MessageLength)
        {
            return false;
        }

        var family = payload[SockDiag.FamilyOffset];
        if (family is not (SockDiag.AfInet or SockDiag.AfInet6))
        {
            return false;
        }

        message = new SockDiagMessage(
            family,
            payload[SockDiag.StateOffset],
            BinaryPrimitives.ReadUInt16BigEndian(payload[SockDiag.SourcePortOffset..]),
            BinaryPrimitives.ReadUInt16BigEndian(payload[SockDiag.DestinationPortOffset..]),
            BinaryPrimitives.ReadUInt128BigEndian(payload[SockDiag.SourceAddressOffset..]),
            BinaryPrimitives.ReadUInt128BigEndian(payload[SockDiag.DestinationAddressOffset..]),
            BinaryPrimitives.ReadUInt64LittleEndian(payload[SockDiag.CookieOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(payload[SockDiag.UidOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(payload[SockDiag.InodeOffset..]),
            ReadProtocol(payload[SockDiag.MessageLength..]));
        return true;
    }

    // Attributes are (length u16, type u16, value), each aligned to 4 bytes.
    private static byte ReadProtocol(ReadOnlySpan<byte> attributes)
    {
        while (attributes.Length >= 4)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(attributes);
            var type = BinaryPrimitives.ReadUInt16LittleEndian(attributes[2..]);
            if (length < 4 || length > attributes.Length)
            {
                return 0;
            }

            if (type == SockDiag.AttributeProtocol && length >= 5)
            {
                return attributes[4];
            }

            attributes = attributes[Math.Min((length + 3) & ~3, attributes.Length)..];
        }

        return 0;
    }
}

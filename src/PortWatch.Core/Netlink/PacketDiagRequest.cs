using System.Buffers.Binary;

namespace PortWatch.Netlink;

/// <summary>Builds a packet_diag dump request: a netlink header and a <c>packet_diag_req</c> asking for every socket with info, uid, filter, fanout and multicast list.</summary>
internal static class PacketDiagRequest
{
    public const uint Show = PacketDiag.ShowInfo | PacketDiag.ShowMulticast | PacketDiag.ShowFanout | PacketDiag.ShowFilter;

    public static void Write(Span<byte> request, uint sequence)
    {
        request[..PacketDiag.RequestLength].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(request, PacketDiag.RequestLength);
        BinaryPrimitives.WriteUInt16LittleEndian(request[4..], SockDiag.SockDiagByFamily);
        BinaryPrimitives.WriteUInt16LittleEndian(request[6..], SockDiag.FlagRequest | SockDiag.FlagDump);
        BinaryPrimitives.WriteUInt32LittleEndian(request[8..], sequence);
        request[SockDiag.HeaderLength] = PacketDiag.AfPacket;
        BinaryPrimitives.WriteUInt32LittleEndian(request[(SockDiag.HeaderLength + 8)..], Show);
    }
}

using System.Buffers.Binary;

namespace PortWatch.Netlink;

/// <summary>Builds a <c>SOCK_DIAG_BY_FAMILY</c> dump request: a netlink header and an <c>inet_diag_req_v2</c>.</summary>
internal static class SockDiagRequest
{
    /// <param name="states">A bit a TCP state: <c>1 &lt;&lt; 10</c> for LISTEN, <c>1 &lt;&lt; 7</c> for CLOSE (unconnected UDP).</param>
    public static void Write(Span<byte> request, uint sequence, byte family, byte protocol, uint states)
    {
        request[..SockDiag.RequestLength].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(request, SockDiag.RequestLength);
        BinaryPrimitives.WriteUInt16LittleEndian(request[4..], SockDiag.SockDiagByFamily);
        BinaryPrimitives.WriteUInt16LittleEndian(request[6..], SockDiag.FlagRequest | SockDiag.FlagDump);
        BinaryPrimitives.WriteUInt32LittleEndian(request[8..], sequence);
        request[SockDiag.HeaderLength] = family;
        request[SockDiag.HeaderLength + 1] = protocol;
        BinaryPrimitives.WriteUInt32LittleEndian(request[(SockDiag.HeaderLength + 4)..], states);
    }
}

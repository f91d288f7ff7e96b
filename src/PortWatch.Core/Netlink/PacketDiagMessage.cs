namespace PortWatch.Netlink;

/// <summary>One packet socket of a packet_diag dump.</summary>
/// <param name="Type">The socket type: 3 for SOCK_RAW (link-layer header included), 2 for SOCK_DGRAM.</param>
/// <param name="Protocol">The ethertype it receives (0x0003 ETH_P_ALL: every frame; 0 before it is bound).</param>
/// <param name="Inode">The socket's inode, which attributes it to processes.</param>
/// <param name="Uid">Its owner's uid (PACKET_DIAG_UID); null when the kernel sent none.</param>
/// <param name="InterfaceIndex">The interface it is bound to (PACKET_DIAG_INFO); 0 for any, null when the kernel sent none.</param>
/// <param name="Filter">Whether a classic BPF filter is attached, or unknown.</param>
/// <param name="FilterInstructions">The filter's length in instructions (0 without one).</param>
/// <param name="Fanout">PACKET_DIAG_FANOUT: the group id in the low 16 bits, the type above; null when in no fanout group.</param>
/// <param name="MulticastMemberships">PACKET_DIAG_MCLIST entries (PACKET_ADD_MEMBERSHIP, promiscuous mode among them).</param>
internal readonly record struct PacketDiagMessage(
    byte Type,
    ushort Protocol,
    ulong Inode,
    uint? Uid,
    int? InterfaceIndex,
    PacketFilter Filter,
    int FilterInstructions,
    uint? Fanout,
    int MulticastMemberships);

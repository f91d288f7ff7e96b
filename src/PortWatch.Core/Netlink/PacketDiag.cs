namespace PortWatch.Netlink;

/// <summary>
/// The constants of packet_diag (linux/packet_diag.h): a <c>SOCK_DIAG_BY_FAMILY</c> request for family AF_PACKET,
/// and the attributes of its <c>packet_diag_msg</c> replies. Checked on Linux 6.18 (docs/kernel-facts.md).
/// </summary>
internal static class PacketDiag
{
    public const byte AfPacket = 17;

    /// <summary><c>struct packet_diag_req</c>: family, protocol, pad, inode, show, cookie[2].</summary>
    public const int RequestLength = SockDiag.HeaderLength + 20;

    /// <summary><c>struct packet_diag_msg</c>: family, type, num (the ethertype, host order), inode, cookie[2].</summary>
    public const int MessageLength = 16;

    // PACKET_SHOW_*: which attributes to return.
    public const uint ShowInfo = 0x1;
    public const uint ShowMulticast = 0x2;
    public const uint ShowFanout = 0x8;
    public const uint ShowFilter = 0x20;

    // PACKET_DIAG_*: the attribute types.
    public const ushort AttributeInfo = 0;
    public const ushort AttributeMulticast = 1;
    public const ushort AttributeFanout = 4;
    public const ushort AttributeUid = 5;
    public const ushort AttributeFilter = 7;

    /// <summary><c>struct packet_diag_mclist</c>: index, count, type, alen, addr[32].</summary>
    public const int MulticastEntryLength = 44;

    /// <summary><c>struct sock_filter</c>: one classic BPF instruction.</summary>
    public const int FilterInstructionLength = 8;
}

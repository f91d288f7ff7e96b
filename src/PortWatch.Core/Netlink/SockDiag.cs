namespace PortWatch.Netlink;

/// <summary>The constants of netlink and sock_diag (linux/netlink.h, linux/sock_diag.h, linux/inet_diag.h) that PortWatch uses.</summary>
internal static class SockDiag
{
    public const int HeaderLength = 16;
    public const int RequestLength = HeaderLength + 56;
    public const int MessageLength = 72;

    public const ushort NlmsgNoop = 1;
    public const ushort NlmsgError = 2;
    public const ushort NlmsgDone = 3;
    public const ushort SockDiagByFamily = 20;

    public const ushort FlagRequest = 0x1;
    public const ushort FlagDump = 0x300;
    public const ushort FlagMulti = 0x2;

    public const byte AfInet = 2;
    public const byte AfInet6 = 10;
    public const byte IpProtoTcp = 6;
    public const byte IpProtoUdp = 17;

    /// <summary>INET_DIAG_PROTOCOL: a one-byte attribute with the socket's IP protocol.</summary>
    public const ushort AttributeProtocol = 10;

    public const byte StateEstablished = 1;
    public const byte StateClose = 7;
    public const byte StateListen = 10;

    /// <summary>The multicast groups of socket-destroy messages: TCP and UDP, IPv4 and IPv6 (SKNLGRP_INET_TCP_DESTROY ... SKNLGRP_INET6_UDP_DESTROY).</summary>
    public const uint DestroyGroups = 0b1111;

    // Offsets inside an inet_diag_msg, after the netlink header.
    public const int FamilyOffset = 0;
    public const int StateOffset = 1;
    public const int SourcePortOffset = 4;
    public const int DestinationPortOffset = 6;
    public const int SourceAddressOffset = 8;
    public const int DestinationAddressOffset = 24;
    public const int CookieOffset = 44;
    public const int UidOffset = 64;
    public const int InodeOffset = 68;
}

using System.Net;

namespace PortWatch.Sockets;

/// <summary>One listening socket as the kernel reports it: one line of /proc/net/tcp, one netlink message.</summary>
internal readonly record struct SocketRecord(
    TransportProtocol Protocol,
    IpFamily Family,
    IPAddress Address,
    int Port,
    ulong Inode,
    uint Uid);

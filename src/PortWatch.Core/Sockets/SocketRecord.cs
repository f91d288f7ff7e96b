using System.Net;

namespace PortWatch.Sockets;

/// <summary>One listening socket as the kernel reports it: one line of /proc/net/tcp, one netlink message.</summary>
/// <param name="Netns">The inode of its network namespace; 0 for the exporter's own (<c>netns="host"</c>).</param>
internal readonly record struct SocketRecord(
    TransportProtocol Protocol,
    IpFamily Family,
    IPAddress Address,
    int Port,
    ulong Inode,
    uint Uid,
    ulong Netns = 0);

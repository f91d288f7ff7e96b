namespace PortWatch.Sockets;

/// <summary>The address family of a socket (an IPv6 socket bound to a v4-mapped address is still IPv6).</summary>
internal enum IpFamily
{
    /// <summary>AF_INET.</summary>
    IPv4,

    /// <summary>AF_INET6.</summary>
    IPv6,
}

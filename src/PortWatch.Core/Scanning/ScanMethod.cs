namespace PortWatch.Scanning;

/// <summary>How a scan enumerates sockets (<c>--scan.method</c>).</summary>
internal enum ScanMethod
{
    /// <summary>sock_diag over netlink: only the listening sockets, whatever the number of connections; with socket-destroy events.</summary>
    Netlink,

    /// <summary>The /proc/net tables, which the kernel prints whole, every connection included.</summary>
    Procfs,
}

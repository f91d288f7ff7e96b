namespace PortWatch.Sockets;

/// <summary>
/// Enumerates the host's listening sockets. Today the /proc/net tables; a sock_diag (netlink) source sits
/// beside it and returns the same records.
/// </summary>
internal interface ISocketSource
{
    SocketInventory Enumerate(IReadOnlySet<TransportProtocol> protocols, CancellationToken cancellationToken);
}

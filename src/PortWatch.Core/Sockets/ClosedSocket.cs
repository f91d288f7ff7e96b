namespace PortWatch.Sockets;

/// <summary>A listening socket the kernel destroyed, as its destroy message told it (inode 0), and when the exporter heard of it.</summary>
internal readonly record struct ClosedSocket(SocketRecord Socket, DateTimeOffset At);

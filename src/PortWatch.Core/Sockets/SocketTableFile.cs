namespace PortWatch.Sockets;

/// <summary>One of the kernel's socket tables under <c>/proc/net</c>.</summary>
internal sealed record SocketTableFile(string RelativePath, TransportProtocol Protocol, IpFamily Family)
{
    public static IReadOnlyList<SocketTableFile> All { get; } =
    [
        new("net/tcp", TransportProtocol.Tcp, IpFamily.IPv4),
        new("net/tcp6", TransportProtocol.Tcp, IpFamily.IPv6),
        new("net/udp", TransportProtocol.Udp, IpFamily.IPv4),
        new("net/udp6", TransportProtocol.Udp, IpFamily.IPv6),
    ];
}

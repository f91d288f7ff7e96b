namespace PortWatch.Sockets;

/// <summary>The label values of protocols and families, as metrics, JSON and the config file spell them.</summary>
internal static class SocketLabels
{
    public static string ToLabel(this TransportProtocol protocol) => protocol == TransportProtocol.Tcp ? "tcp" : "udp";

    public static string ToLabel(this IpFamily family) => family == IpFamily.IPv4 ? "ipv4" : "ipv6";

    public static bool TryParseProtocol(string text, out TransportProtocol protocol)
    {
        switch (text)
        {
            case "tcp":
                protocol = TransportProtocol.Tcp;
                return true;
            case "udp":
                protocol = TransportProtocol.Udp;
                return true;
            default:
                protocol = default;
                return false;
        }
    }

    public static bool TryParseFamily(string text, out IpFamily family)
    {
        switch (text)
        {
            case "ipv4":
                family = IpFamily.IPv4;
                return true;
            case "ipv6":
                family = IpFamily.IPv6;
                return true;
            default:
                family = default;
                return false;
        }
    }
}

namespace PortWatch.Firewall;

/// <summary>How the right side of a match is read, by the field on its left.</summary>
internal enum ValueKind
{
    /// <summary>IPv4 addresses and prefixes.</summary>
    Address4,

    /// <summary>IPv6 addresses and prefixes.</summary>
    Address6,

    /// <summary>Port numbers.</summary>
    Port,

    /// <summary>Transport protocol numbers or names (tcp, udp, ...).</summary>
    Protocol,

    /// <summary>TCP flag bits or names (syn, ack, ...).</summary>
    TcpFlags,

    /// <summary>Names kept as text: interfaces, ct states, fib types, packet types, nfproto.</summary>
    Name,
}

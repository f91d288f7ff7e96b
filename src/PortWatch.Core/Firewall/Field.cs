namespace PortWatch.Firewall;

/// <summary>What a match looks at in the probe packet.</summary>
internal enum Field
{
    /// <summary><c>meta iifname</c> and <c>meta iif</c> (nft prints the interface's name for both).</summary>
    InputInterface,

    /// <summary><c>meta l4proto</c>, <c>ip protocol</c>, <c>ip6 nexthdr</c>.</summary>
    TransportProtocol,

    /// <summary><c>meta nfproto</c>.</summary>
    NetfilterProtocol,

    /// <summary><c>th dport</c>, <c>tcp dport</c>, <c>udp dport</c>.</summary>
    DestinationPort,

    /// <summary><c>ip saddr</c>, <c>ip6 saddr</c>: the one field that is symbolic (every non-local source at once).</summary>
    SourceAddress,

    /// <summary><c>ip daddr</c>, <c>ip6 daddr</c>.</summary>
    DestinationAddress,

    /// <summary><c>fib daddr type</c>.</summary>
    DestinationType,

    /// <summary><c>ct state</c>: <c>new</c> for the first packet of a connection.</summary>
    ConnectionState,

    /// <summary><c>meta pkttype</c>: <c>host</c> for a unicast packet to this host.</summary>
    PacketType,

    /// <summary><c>tcp flags</c>, masked: a SYN.</summary>
    TcpFlags,
}

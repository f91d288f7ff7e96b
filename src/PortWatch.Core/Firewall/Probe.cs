using PortWatch.Sockets;

namespace PortWatch.Firewall;

/// <summary>
/// The first packet of a new connection on its way in: concrete in everything but its source, which is the set of
/// sources still on this path (every non-local source at the start; matches on the source split it).
/// </summary>
/// <param name="Protocol">The transport protocol number: 6 or 17.</param>
/// <param name="Destination">The destination address as a number (DNAT changes it).</param>
/// <param name="Natted">Whether a NAT statement has set this connection's mapping (later NAT chains are skipped).</param>
internal readonly record struct Probe(IpFamily Family, int Protocol, string Interface, UInt128 Destination, int Port, IntervalSet Sources, bool Natted = false);

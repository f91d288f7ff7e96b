using System.Net.Sockets;

namespace PortWatch.Firewall;

/// <summary>
/// <c>dnat to ADDRESS[:PORT]</c> or <c>redirect [to :PORT]</c> (the address of the interface the packet came in on). A
/// NAT statement ends its chain as accept does; the first one a connection meets at a hook is the one that counts.
/// </summary>
/// <param name="Address">The new destination as a number; null for a redirect.</param>
/// <param name="Port">The new destination port; null keeps the port.</param>
internal sealed record NatStatement(UInt128? Address, int? Port) : Statement
{
    /// <summary>The family of <see cref="Address"/>; an inet table's DNAT applies only to packets of its family.</summary>
    public AddressFamily? Family { get; init; }
}

using PortWatch.Sockets;

namespace PortWatch.Firewall;

/// <summary>
/// A field with the header it belongs to: <c>ip saddr</c> only exists in an IPv4 packet and <c>tcp dport</c> only
/// in a TCP one, so in an inet table a match on them is false (for <c>==</c> and <c>!=</c> alike) on any other packet.
/// </summary>
/// <param name="Family">The family the field needs; null when any has it.</param>
/// <param name="Protocol">The transport protocol number it needs (6, 17); null when any has it.</param>
/// <param name="Mask">For <see cref="Field.TcpFlags"/>: the bits compared.</param>
internal sealed record FieldRef(Field Field, IpFamily? Family = null, int? Protocol = null, int Mask = 0xff);

using PortWatch.Netlink;

namespace PortWatch.Sockets;

/// <summary>The identity of a packet-socket series: kind, namespace, protocol, interface, process and filter (its first-seen record's key).</summary>
internal readonly record struct PacketSocketKey(PacketSocketKind Kind, ulong Netns, string Protocol, string Interface, string Process, PacketFilter Filter);

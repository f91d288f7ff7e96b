namespace PortWatch.PacketSockets;

/// <summary>One label of a packet-socket series: its name, as metrics and JSON spell it, and how to read its value.</summary>
internal sealed record PacketSocketLabel(string Name, Func<PacketSocket, string> Value);

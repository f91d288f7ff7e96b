namespace PortWatch.PacketSockets;

/// <summary>The names of the ways packet and raw sockets are read, in <c>portwatch_packet_socket_method_info{method}</c>.</summary>
internal static class PacketReadMethodLabels
{
    public static IReadOnlyList<PacketReadMethod> All { get; } = [PacketReadMethod.Netlink, PacketReadMethod.Procfs];

    public static string ToLabel(this PacketReadMethod method) => method == PacketReadMethod.Netlink ? "netlink" : "procfs";
}

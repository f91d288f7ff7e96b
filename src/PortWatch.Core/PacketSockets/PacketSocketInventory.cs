namespace PortWatch.PacketSockets;

/// <summary>The packet and raw sockets of a scan, with how they were read.</summary>
/// <param name="PacketMethod">How the exporter's own namespace's packet sockets were read.</param>
/// <param name="RawMethod">How its raw sockets were read.</param>
/// <param name="Malformed">Lines or messages that could not be read.</param>
/// <param name="NamespaceErrors">Namespaces that could not be read this scan.</param>
internal sealed record PacketSocketInventory(
    IReadOnlyList<PacketSocketRecord> Sockets,
    PacketReadMethod PacketMethod,
    PacketReadMethod RawMethod,
    int Malformed,
    int NamespaceErrors)
{
    public static PacketSocketInventory Empty { get; } = new([], PacketReadMethod.Procfs, PacketReadMethod.Procfs, 0, 0);
}

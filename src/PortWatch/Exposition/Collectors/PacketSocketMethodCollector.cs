using PortWatch.PacketSockets;
using PortWatch.Scanning;
using PortWatch.Sockets;
using Prometheus;

namespace PortWatch.Exposition;

/// <summary>
/// <c>portwatch_packet_socket_method_info{kind,method}</c>: how the last scan read the exporter's own namespace's packet
/// sockets (packet_diag or /proc/net/packet) and raw sockets (raw_diag or /proc/net/raw and raw6); the method in use is
/// 1, the other 0. Only with a packet stage.
/// </summary>
internal sealed class PacketSocketMethodCollector(PacketSocketStage stage) : IExporterCollector
{
    private Gauge gauge = null!;

    public void Register(MetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        gauge = factory.CreateGauge(
            MetricNames.PacketSocketMethod,
            "How the last scan read packet sockets (kind packet: netlink is sock_diag's packet_diag, with filters; procfs is /proc/net/packet, without) and raw sockets (kind raw: netlink is raw_diag, procfs /proc/net/raw and raw6) in the exporter's own network namespace: 1 for the method used.",
            "kind",
            "method");
    }

    public void Update()
    {
        var inventory = stage.LastInventory;
        foreach (var method in PacketReadMethodLabels.All)
        {
            gauge.WithLabels(PacketSocketKind.Packet.ToLabel(), method.ToLabel()).Set(inventory.PacketMethod == method ? 1 : 0);
            gauge.WithLabels(PacketSocketKind.Raw.ToLabel(), method.ToLabel()).Set(inventory.RawMethod == method ? 1 : 0);
        }
    }
}

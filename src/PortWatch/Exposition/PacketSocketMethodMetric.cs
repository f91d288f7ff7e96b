using PortWatch.PacketSockets;
using PortWatch.Scanning;
using Prometheus;

namespace PortWatch.Exposition;

/// <summary>
/// <c>portwatch_packet_socket_method_info{kind,method}</c>: how the last scan read the exporter's own namespace's packet
/// sockets (packet_diag or /proc/net/packet) and raw sockets (raw_diag or /proc/net/raw and raw6); the method in use is
/// 1, the other 0. Absent when the scanner has no packet stage.
/// </summary>
internal static class PacketSocketMethodMetric
{
    private static readonly (string Label, PacketReadMethod Method)[] Methods = [("netlink", PacketReadMethod.Netlink), ("procfs", PacketReadMethod.Procfs)];

    public static void Track(MetricFactory factory, CollectorRegistry registry, Scanner scanner)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(scanner);
        if (scanner.Packets is not { } stage)
        {
            return;
        }

        var gauge = factory.CreateGauge(
            MetricNames.PacketSocketMethod,
            "How the last scan read packet sockets (kind packet: netlink is sock_diag's packet_diag, with filters; procfs is /proc/net/packet, without) and raw sockets (kind raw: netlink is raw_diag, procfs /proc/net/raw and raw6) in the exporter's own network namespace: 1 for the method used.",
            "kind",
            "method");
        registry.AddBeforeCollectCallback(() =>
        {
            var inventory = stage.LastInventory;
            foreach (var (label, method) in Methods)
            {
                gauge.WithLabels("packet", label).Set(inventory.PacketMethod == method ? 1 : 0);
                gauge.WithLabels("raw", label).Set(inventory.RawMethod == method ? 1 : 0);
            }
        });
    }
}

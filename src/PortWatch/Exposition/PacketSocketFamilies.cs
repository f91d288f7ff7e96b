using PortWatch.PacketSockets;

namespace PortWatch.Exposition;

/// <summary>
/// The packet and raw socket families, rendered with the listener families (<see cref="ListenerExposition"/>):
/// <c>portwatch_packet_sockets</c>, a series for each set of sockets that share every label of
/// <see cref="PacketSocketLabels.All"/> valued by their number, and the first-seen time of each identity.
/// </summary>
internal static class PacketSocketFamilies
{
    public static IReadOnlyList<MetricFamily> Build(IReadOnlyList<PacketSocket> sockets)
    {
        ArgumentNullException.ThrowIfNull(sockets);
        var count = new MetricFamily(
            MetricNames.PacketSockets,
            "Packet (AF_PACKET) and raw IP sockets that share these labels: sockets that need no port, as packet sniffers and BPFDoor-style implants use; filter=\"bpf\" when a classic BPF filter is attached (unknown without CAP_NET_ADMIN)." + ListenerFamilies.Served,
            [.. PacketSocketLabels.All.Select(l => l.Name)]);
        var firstSeen = new MetricFamily(
            MetricNames.PacketSocketFirstSeen,
            "Unix time this exporter first saw packet or raw sockets of this identity; later than portwatch_baseline_timestamp_seconds means new." + ListenerFamilies.Served,
            [.. PacketSocketLabels.Identity.Select(l => l.Name)]);
        foreach (var socket in sockets)
        {
            count.Add(socket.Count, [.. PacketSocketLabels.All.Select(l => l.Value(socket))]);
            firstSeen.Add(socket.FirstSeen.ToUnixSeconds(), [.. PacketSocketLabels.Identity.Select(l => l.Value(socket))]);
        }

        return [count, firstSeen];
    }
}

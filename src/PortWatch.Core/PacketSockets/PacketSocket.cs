using PortWatch.Owners;
using PortWatch.Processes;
using PortWatch.Sockets;

namespace PortWatch.PacketSockets;

/// <summary>Packet or raw sockets that share every label, with what PortWatch knows of them.</summary>
/// <param name="Count">How many sockets share the labels (the gauge's value).</param>
/// <param name="Processes">Their owning processes, sorted by pid; empty when they cannot be read.</param>
internal sealed record PacketSocket(
    PacketSocketKey Key,
    int Count,
    IReadOnlyList<ProcessInfo> Processes,
    ProcessOwner Owner,
    ExecutableClass Executable,
    bool Expected,
    DateTimeOffset FirstSeen)
{
    /// <summary>The order of every listing: kind, namespace (the host's first), protocol, interface, process, filter.</summary>
    public static Comparison<PacketSocket> Order { get; } = (x, y) =>
    {
        var order = ((int)x.Key.Kind).CompareTo((int)y.Key.Kind);
        order = order != 0 ? order : x.Key.Netns.CompareTo(y.Key.Netns);
        order = order != 0 ? order : string.CompareOrdinal(x.Key.Protocol, y.Key.Protocol);
        order = order != 0 ? order : string.CompareOrdinal(x.Key.Interface, y.Key.Interface);
        order = order != 0 ? order : string.CompareOrdinal(x.Key.Process, y.Key.Process);
        return order != 0 ? order : ((int)x.Key.Filter).CompareTo((int)y.Key.Filter);
    };
}

using PortWatch.Netlink;
using PortWatch.Processes;
using PortWatch.Sockets;

namespace PortWatch.PacketSockets;

/// <summary>
/// The one mapping from packet sockets to label values: the exposition (<c>portwatch_packet_sockets</c> and its
/// first-seen family), <c>portwatch list</c> and the landing page read them through it. Values are never empty.
/// </summary>
internal static class PacketSocketLabels
{
    /// <summary>The identity: the labels of the first-seen series.</summary>
    public static IReadOnlyList<PacketSocketLabel> Identity { get; } =
    [
        new("kind", s => s.Key.Kind.ToLabel()),
        new("netns", s => ListenerKey.NetnsLabel(s.Key.Netns)),
        new("protocol", s => s.Key.Protocol),
        new("interface", s => s.Key.Interface),
        new("filter", s => s.Key.Filter.ToLabel()),
        new("process", s => s.Key.Process),
    ];

    /// <summary>Every label of <c>portwatch_packet_sockets</c>, in exposition order.</summary>
    public static IReadOnlyList<PacketSocketLabel> All { get; } =
    [
        .. Identity,
        new("executable", s => s.Executable.ToLabel()),
        new("unit", s => s.Owner.Unit),
        new("container", s => s.Owner.Container),
        new("pod", s => s.Owner.Pod),
        new("k8s_namespace", s => s.Owner.K8sNamespace),
        new("expected", s => s.Expected ? "true" : "false"),
    ];
}

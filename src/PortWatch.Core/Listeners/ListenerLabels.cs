using System.Globalization;
using PortWatch.Firewall;
using PortWatch.Processes;
using PortWatch.Registry;
using PortWatch.Sockets;

namespace PortWatch.Listeners;

/// <summary>
/// The one mapping from a listener to its label values (docs/metrics.md). The exposition, <c>list</c>
/// (table and JSON) and the landing page all read a listener through it, so no two outputs can spell a
/// listener differently. Values are never empty: <c>none</c> and <c>unknown</c> stand in.
/// </summary>
internal static class ListenerLabels
{
    public const string Protocol = "protocol";
    public const string Family = "family";
    public const string Address = "address";
    public const string Port = "port";
    public const string Netns = "netns";
    public const string Exposure = "exposure";
    public const string Reachable = "reachable";
    public const string Range = "range";
    public const string IanaStatus = "iana_status";
    public const string IanaService = "iana_service";
    public const string Process = "process";
    public const string Executable = "executable";
    public const string Unit = "unit";
    public const string Container = "container";
    public const string Pod = "pod";
    public const string K8sNamespace = "k8s_namespace";
    public const string Expected = "expected";

    /// <summary>The identity of a listener: the labels of its first-seen and last-seen series.</summary>
    public static IReadOnlyList<ListenerLabel> Identity { get; } =
    [
        new(Protocol, l => l.Key.Protocol.ToLabel()),
        new(Family, l => l.Key.Family.ToLabel()),
        new(Address, l => l.Key.AddressText),
        new(Port, l => l.Key.Port.ToString(CultureInfo.InvariantCulture), LabelKind.Number),
        new(Netns, l => l.Key.NetnsText),
    ];

    /// <summary>Every label of <c>portwatch_listener_info</c>, in exposition order: the identity, then what PortWatch knows of it.</summary>
    public static IReadOnlyList<ListenerLabel> Info { get; } =
    [
        .. Identity,
        new(Exposure, l => l.Exposure.ToLabel()),
        new(Reachable, l => l.Reachable.ToLabel()),
        new(Range, l => l.Classification.Range.ToLabel()),
        new(IanaStatus, l => l.Classification.Status.ToLabel()),
        new(IanaService, l => l.Classification.Service),
        new(Process, l => l.ProcessLabel),
        new(Executable, l => l.Executable.ToLabel()),
        new(Unit, l => l.Owner.Unit),
        new(Container, l => l.Owner.Container),
        new(Pod, l => l.Owner.Pod),
        new(K8sNamespace, l => l.Owner.K8sNamespace),
        new(Expected, l => l.Expected ? "true" : "false", LabelKind.Boolean),
    ];

    public static ListenerLabel Named(string name) =>
        Info.FirstOrDefault(label => label.Name == name) ?? throw new ArgumentException($"no listener label \"{name}\"", nameof(name));
}

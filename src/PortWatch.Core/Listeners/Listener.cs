using PortWatch.Firewall;
using PortWatch.Owners;
using PortWatch.Processes;
using PortWatch.Registry;
using PortWatch.Sockets;

namespace PortWatch.Listeners;

/// <summary>A listener with everything PortWatch knows of it.</summary>
/// <param name="Processes">The owning processes, sorted by pid; empty when they cannot be read.</param>
/// <param name="ProcessLabel">Their names, unique, sorted, comma-joined; <c>unknown</c> when there are none.</param>
/// <param name="LastSeen">For a closed listener, when it was last seen open (its destroy event, or the last scan that saw it); an open listener's is when it was built, and is not shown.</param>
/// <param name="IsOpen">False for a closed listener kept for the retention period.</param>
/// <param name="Ephemeral">Whether its port is in the kernel's ephemeral range, where clients' sockets live: such a listener is reported while a scan sees it and dropped once it closes.</param>
internal sealed record Listener(
    ListenerKey Key,
    Exposure Exposure,
    PortClassification Classification,
    IReadOnlyList<ProcessInfo> Processes,
    string ProcessLabel,
    bool Expected,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    bool IsOpen,
    bool Ephemeral = false)
{
    /// <summary>The stable owner of its processes (unit, container, pod); values of several processes comma-joined; <c>unknown</c> without processes.</summary>
    public ProcessOwner Owner { get; init; } = ProcessOwner.Unknown;

    /// <summary>Where its processes' executables live, the worst over them (<see cref="ExecutableClassifier.Worst"/>).</summary>
    public ExecutableClass Executable { get; init; } = ExecutableClass.Unknown;

    /// <summary>Whether a new connection from outside would reach it through the firewall (issue 19); unknown until evaluated.</summary>
    public Reachability Reachable { get; init; } = Reachability.Unknown;

    /// <summary>
    /// Whether the two give the same series: the same identity and labels, first-seen time and state, and for a closed
    /// listener the same last-seen time (an open listener's last-seen time moves with every scan and is not exposed).
    /// </summary>
    public bool SameSeries(Listener other) =>
        other is not null
        && Key == other.Key
        && Exposure == other.Exposure
        && Classification == other.Classification
        && ProcessLabel == other.ProcessLabel
        && Owner == other.Owner
        && Executable == other.Executable
        && Reachable == other.Reachable
        && Expected == other.Expected
        && FirstSeen == other.FirstSeen
        && IsOpen == other.IsOpen
        && (IsOpen || LastSeen == other.LastSeen);

    /// <summary>The order of every listing: protocol, port, family, address, namespace (the host's first).</summary>
    public static Comparison<Listener> Order { get; } = (x, y) =>
    {
        // Enums compared as numbers: Enum.CompareTo takes an object, and a scan sorts thousands.
        var order = ((int)x.Key.Protocol).CompareTo((int)y.Key.Protocol);
        order = order != 0 ? order : x.Key.Port.CompareTo(y.Key.Port);
        order = order != 0 ? order : ((int)x.Key.Family).CompareTo((int)y.Key.Family);
        order = order != 0 ? order : string.CompareOrdinal(x.Key.AddressText, y.Key.AddressText);
        return order != 0 ? order : x.Key.Netns.CompareTo(y.Key.Netns);
    };
}

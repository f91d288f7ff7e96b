using PortWatch.Processes;
using PortWatch.Registry;
using PortWatch.Sockets;

namespace PortWatch.Listeners;

/// <summary>A listener with everything PortWatch knows of it.</summary>
/// <param name="Processes">The owning processes, sorted by pid; empty when they cannot be read.</param>
/// <param name="ProcessLabel">Their names, unique, sorted, comma-joined; <c>unknown</c> when there are none.</param>
/// <param name="IsOpen">False for a closed listener kept for the retention period.</param>
internal sealed record Listener(
    ListenerKey Key,
    Exposure Exposure,
    PortClassification Classification,
    IReadOnlyList<ProcessInfo> Processes,
    string ProcessLabel,
    bool Expected,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    bool IsOpen)
{
    /// <summary>The order of every listing: protocol, port, family, address.</summary>
    public static Comparison<Listener> Order { get; } = (x, y) =>
    {
        var order = x.Key.Protocol.CompareTo(y.Key.Protocol);
        order = order != 0 ? order : x.Key.Port.CompareTo(y.Key.Port);
        order = order != 0 ? order : x.Key.Family.CompareTo(y.Key.Family);
        return order != 0 ? order : string.CompareOrdinal(x.Key.AddressText, y.Key.AddressText);
    };
}

using PortWatch.Processes;
using PortWatch.Registry;
using PortWatch.Sockets;

namespace PortWatch.Scanning;

/// <summary>A listener with everything PortWatch knows of it.</summary>
/// <param name="Processes">The owning processes, sorted by pid; empty when they cannot be read.</param>
/// <param name="ProcessLabel">Their names, unique, sorted, comma-joined; <c>unknown</c> when there are none.</param>
/// <param name="IsOpen">False for a closed listener kept for <see cref="ScanOptions.Retention"/>.</param>
internal sealed record Listener(
    ListenerKey Key,
    Exposure Exposure,
    PortClassification Classification,
    IReadOnlyList<ProcessInfo> Processes,
    string ProcessLabel,
    bool Expected,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    bool IsOpen);

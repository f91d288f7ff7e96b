using PortWatch.Sockets;

namespace PortWatch.State;

/// <summary>The first-seen record at one moment: what a save writes.</summary>
/// <param name="Changes">How many changes the record had seen when the snapshot was taken.</param>
internal sealed record HistorySnapshot(DateTimeOffset? Baseline, IReadOnlyDictionary<ListenerKey, ListenerSighting> Sightings, long Changes)
{
    /// <summary>The packet and raw sockets' record (<see cref="PacketSocketHistory"/>).</summary>
    public IReadOnlyDictionary<PacketSocketKey, ListenerSighting> PacketSockets { get; init; } = new Dictionary<PacketSocketKey, ListenerSighting>();

    /// <summary>How many changes the packet sockets' record had seen when the snapshot was taken.</summary>
    public long PacketChanges { get; init; }
}

using PortWatch.Sockets;

namespace PortWatch.State;

/// <summary>The first-seen record at one moment: what a save writes.</summary>
/// <param name="Changes">How many changes the record had seen when the snapshot was taken.</param>
internal sealed record HistorySnapshot(DateTimeOffset? Baseline, IReadOnlyDictionary<ListenerKey, ListenerSighting> Sightings, long Changes);

namespace PortWatch.State;

/// <summary>What the exporter starts with: the record it loaded (or a new one), and whether a bad file was moved aside.</summary>
/// <param name="LeftoversRemoved">Temporary files of saves that were killed midway, deleted.</param>
internal sealed record StateOpening(ListenerHistory History, StateReset? Reset, int LeftoversRemoved);

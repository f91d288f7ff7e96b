namespace PortWatch.State;

/// <summary>When a listener was first and last seen by this exporter.</summary>
internal sealed record ListenerSighting(DateTimeOffset FirstSeen, DateTimeOffset LastSeen);

namespace PortWatch.State;

/// <summary>When a listener was first and last seen by this exporter (a value: a scan updates thousands without allocating).</summary>
internal readonly record struct ListenerSighting(DateTimeOffset FirstSeen, DateTimeOffset LastSeen);

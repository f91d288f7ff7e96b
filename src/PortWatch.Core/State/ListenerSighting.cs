namespace PortWatch.State;

/// <summary>When a listener was first and last seen by this exporter (a value: a scan updates thousands without allocating).</summary>
/// <param name="ClosedOnly">True while the listener is known only from socket-destroy events (no scan saw it open): what anyone may make by binding and closing sockets, so it is forgotten first when the record is full.</param>
internal readonly record struct ListenerSighting(DateTimeOffset FirstSeen, DateTimeOffset LastSeen, bool ClosedOnly = false);

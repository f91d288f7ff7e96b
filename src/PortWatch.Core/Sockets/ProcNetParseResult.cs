namespace PortWatch.Sockets;

/// <summary>The listening sockets of one table, and how many of its lines could not be parsed.</summary>
internal sealed record ProcNetParseResult(IReadOnlyList<SocketRecord> Listeners, int MalformedLines);

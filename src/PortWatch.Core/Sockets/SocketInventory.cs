namespace PortWatch.Sockets;

/// <summary>The listening sockets a source found, with what it had to skip.</summary>
/// <param name="Sockets">Every listening socket, one record a socket (not yet grouped into listeners).</param>
/// <param name="MalformedLines">Lines skipped because they could not be parsed, by table (<c>net/tcp</c>).</param>
/// <param name="MissingTables">Tables that do not exist on this host (IPv6 disabled), by relative path.</param>
internal sealed record SocketInventory(
    IReadOnlyList<SocketRecord> Sockets,
    IReadOnlyDictionary<string, int> MalformedLines,
    IReadOnlyList<string> MissingTables);

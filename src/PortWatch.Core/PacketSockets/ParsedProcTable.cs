using PortWatch.ProcFs;

namespace PortWatch.PacketSockets;

/// <summary>
/// A /proc/net table of packet or raw sockets and its last parse: parsed again only when the file's bytes changed
/// (<see cref="ProcTableFile"/>), which on a steady host is never. The records and the count of malformed lines are
/// those a parse of the same bytes gives.
/// </summary>
internal sealed class ParsedProcTable(string relativePath, Func<string, List<PacketSocketRecord>, int> parse)
{
    private readonly ProcTableFile file = new(relativePath);
    private readonly List<PacketSocketRecord> records = [];
    private int malformed;

    /// <summary>Appends the table's sockets under <paramref name="tables"/> to <paramref name="sockets"/>; returns its lines that could not be read.</summary>
    public int Read(ProcFsRoot tables, List<PacketSocketRecord> sockets)
    {
        ArgumentNullException.ThrowIfNull(sockets);
        var (changed, text) = file.Read(tables);
        if (changed)
        {
            records.Clear();
            malformed = text is null ? 0 : parse(text, records);
        }

        sockets.AddRange(records);
        return malformed;
    }
}

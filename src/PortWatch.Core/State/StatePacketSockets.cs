using PortWatch.Sockets;

namespace PortWatch.State;

/// <summary>
/// The state file's <c>packet_sockets</c>: <see cref="PacketSocketHistory"/>'s entries written as their labels and
/// read back strictly (an entry that is not exactly what PortWatch writes is an error naming it, as a listener's is:
/// a wrong entry that loaded would give the real socket a fresh first_seen, and it would page as new).
/// </summary>
internal static class StatePacketSockets
{
    public static List<StatePacketSocket?> Write(IReadOnlyDictionary<PacketSocketKey, ListenerSighting> sightings) =>
    [
        .. sightings
            .OrderBy(s => s.Key.Kind).ThenBy(s => s.Key.Netns).ThenBy(s => s.Key.Protocol, StringComparer.Ordinal)
            .ThenBy(s => s.Key.Interface, StringComparer.Ordinal).ThenBy(s => s.Key.Process, StringComparer.Ordinal).ThenBy(s => s.Key.Filter)
            .Select(s => new StatePacketSocket
            {
                Kind = s.Key.Kind.ToLabel(),
                Netns = ListenerKey.NetnsLabel(s.Key.Netns),
                Protocol = s.Key.Protocol,
                Interface = s.Key.Interface,
                Filter = s.Key.Filter.ToLabel(),
                Process = s.Key.Process,
                FirstSeen = s.Value.FirstSeen,
                LastSeen = s.Value.LastSeen,
            }),
    ];

    /// <exception cref="StateFileException">An entry is not a packet socket identity, or one is listed twice.</exception>
    public static List<KeyValuePair<PacketSocketKey, ListenerSighting>> Read(string path, List<StatePacketSocket?>? entries)
    {
        var read = (entries ?? throw new StateFileException(StateFileProblem.Invalid, $"state file {path}: \"packet_sockets\" is null"))
            .Select((e, i) => ToEntry(path, e, i))
            .ToList();
        var duplicate = read.GroupBy(e => e.Key).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? read
            : throw new StateFileException(StateFileProblem.Invalid, $"state file {path}: packet socket {duplicate.Key} is listed {duplicate.Count()} times");
    }

    private static KeyValuePair<PacketSocketKey, ListenerSighting> ToEntry(string path, StatePacketSocket? entry, int index)
    {
        if (entry is null
            || !PacketSocketKeyLabels.TryParseKind(entry.Kind ?? "", out var kind)
            || ListenerKey.ParseNetns(entry.Netns ?? "") is not { } netns
            || string.IsNullOrEmpty(entry.Protocol)
            || string.IsNullOrEmpty(entry.Interface)
            || !PacketSocketKeyLabels.TryParseFilter(entry.Filter ?? "", out var filter)
            || string.IsNullOrEmpty(entry.Process)
            || entry.FirstSeen is not { } firstSeen
            || entry.LastSeen is not { } lastSeen)
        {
            var what = entry is null ? "null" : $"{entry.Kind} {entry.Netns} {entry.Protocol} {entry.Interface} {entry.Filter} {entry.Process}";
            throw new StateFileException(
                StateFileProblem.Invalid,
                $"state file {path}: packet_sockets[{index}] ({what}) is not a packet socket with kind (packet or raw), netns (host or a namespace inode), protocol, interface, filter (bpf, none or unknown), process, first_seen and last_seen");
        }

        return new(new PacketSocketKey(kind, netns, entry.Protocol, entry.Interface, entry.Process, filter), new ListenerSighting(firstSeen, lastSeen));
    }
}

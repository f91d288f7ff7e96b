using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using PortWatch.Files;
using PortWatch.Sockets;

namespace PortWatch.State;

/// <summary>
/// Reads and writes the first-seen record. Writes are atomic and durable (<see cref="DurableFile"/>: a temporary
/// file in the same directory, fsync, rename, fsync of the directory), so a crash or a kill at any moment leaves
/// either the old record or the new one, whole. <see cref="Load"/> is strict: a file that is not exactly a
/// record PortWatch writes is an error naming it. <see cref="Open"/>, the exporter's start, moves such a file
/// aside for a person and begins a new baseline (README's "New listeners and the state file"): monitoring the host matters more than
/// remembering its past. A directory that does not exist stays an error: that is a configuration mistake.
/// </summary>
internal static class StateFile
{
    /// <summary>
    /// The record of <paramref name="path"/> for the exporter to start with: the file's, or a new one when there is
    /// none, or, when the file cannot be read, a new one and the bad file moved to <c>PATH.corrupt-TIMESTAMP</c>
    /// (never over an earlier one). Temporary files that killed saves left behind are deleted first.
    /// </summary>
    /// <exception cref="StateFileException">The directory does not exist, or users other than its owner may write it.</exception>
    public static StateOpening Open(string path, DateTimeOffset now)
    {
        ThrowIfNoDirectory(path);
        if (PrivateDirectory.WhyOthersCanWrite(Path.GetDirectoryName(Path.GetFullPath(path))!) is { } unsafeDirectory)
        {
            throw new StateFileException(StateFileProblem.UnsafeDirectory, $"state file {path}: {unsafeDirectory}");
        }

        var leftovers = DurableFile.RemoveLeftovers(path);
        try
        {
            return new StateOpening(Load(path), null, leftovers);
        }
        catch (StateFileException e) when (e.Problem != StateFileProblem.NoDirectory)
        {
            var (movedTo, moveError) = MoveAside(path, now);
            return new StateOpening(new ListenerHistory(), new StateReset(e.Problem, e.Message, movedTo, moveError, now), leftovers);
        }
    }

    /// <summary>The record of <paramref name="path"/>: a new one when there is no file.</summary>
    /// <exception cref="StateFileException">The file cannot be read or is not a state record, or the directory does not exist.</exception>
    public static ListenerHistory Load(string path)
    {
        if (!File.Exists(path))
        {
            ThrowIfNoDirectory(path);
            return new ListenerHistory();
        }

        try
        {
            using var stream = File.OpenRead(path);
            var document = JsonSerializer.Deserialize(stream, StateJsonContext.Default.StateDocument)
                ?? throw new StateFileException(StateFileProblem.Malformed, $"state file {path}: the file holds null, not a state record");
            if (document.Version != StateDocument.CurrentVersion)
            {
                throw new StateFileException(StateFileProblem.Version, $"state file {path}: version {document.Version} is not supported (expected {StateDocument.CurrentVersion})");
            }

            var entries = (document.Listeners ?? throw new StateFileException(StateFileProblem.Invalid, $"state file {path}: \"listeners\" is missing or null"))
                .Select((l, i) => ToEntry(path, l, i))
                .ToList();
            var duplicate = entries.GroupBy(e => e.Key).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw new StateFileException(StateFileProblem.Invalid, $"state file {path}: {duplicate.Key} is listed {duplicate.Count()} times");
            }

            return new ListenerHistory(document.Baseline, entries, StatePacketSockets.Read(path, document.PacketSockets));
        }
        catch (JsonException e)
        {
            throw new StateFileException(
                StateFileProblem.Malformed, $"state file {path}:{e.LineNumber + 1}:{e.BytePositionInLine + 1}: not a valid state record ({e.Message})", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StateFileException(StateFileProblem.Unreadable, $"state file {path}: {e.Message}", e);
        }
    }

    public static void Save(string path, ListenerHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var snapshot = history.Snapshot();
        Save(path, snapshot);
        history.MarkSaved(snapshot);
    }

    public static void Save(string path, HistorySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var document = new StateDocument
        {
            Baseline = snapshot.Baseline,
            Listeners = [.. snapshot.Sightings
                .OrderBy(s => s.Key.Protocol).ThenBy(s => s.Key.Family).ThenBy(s => s.Key.Port).ThenBy(s => s.Key.AddressText, StringComparer.Ordinal).ThenBy(s => s.Key.Netns)
                .Select(s => new StateListener
                {
                    Protocol = s.Key.Protocol.ToLabel(),
                    Family = s.Key.Family.ToLabel(),
                    Address = s.Key.AddressText,
                    Port = s.Key.Port,
                    Netns = s.Key.NetnsText,
                    FirstSeen = s.Value.FirstSeen,
                    LastSeen = s.Value.LastSeen,
                    ClosedOnly = s.Value.ClosedOnly,
                })],
            PacketSockets = StatePacketSockets.Write(snapshot.PacketSockets),
        };
        try
        {
            DurableFile.Replace(path, stream => JsonSerializer.Serialize(stream, document, StateJsonContext.Default.StateDocument));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StateFileException(StateFileProblem.Write, $"state file {path}: cannot write: {e.Message}", e);
        }
    }

    private static void ThrowIfNoDirectory(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(directory))
        {
            throw new StateFileException(StateFileProblem.NoDirectory, $"state file {path}: directory {directory} does not exist");
        }
    }

    /// <summary>Renames the file to <c>PATH.corrupt-yyyyMMddTHHmmssZ</c> (<c>-2</c>, <c>-3</c>... when taken): the bytes stay as they were.</summary>
    private static (string? MovedTo, string? Error) MoveAside(string path, DateTimeOffset now)
    {
        var stem = $"{path}.corrupt-{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
        var target = stem;
        for (var attempt = 2; File.Exists(target) || Directory.Exists(target); attempt++)
        {
            target = string.Create(CultureInfo.InvariantCulture, $"{stem}-{attempt}");
        }

        try
        {
            File.Move(path, target, overwrite: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, e.Message);
        }

        try
        {
            DurableFile.SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        }
        catch (IOException)
        {
            // Moved, and the new name not yet on disk: after a power cut the file may be back under its own name, to be moved again.
        }

        return (target, null);
    }

    private static KeyValuePair<ListenerKey, ListenerSighting> ToEntry(string path, StateListener? listener, int index)
    {
        // Strict: a wrong entry that loaded would give the real listener a fresh first_seen and page as new.
        if (listener is null
            || !SocketLabels.TryParseProtocol(listener.Protocol, out var protocol)
            || !SocketLabels.TryParseFamily(listener.Family, out var family)
            || !IPAddress.TryParse(listener.Address, out var address)
            || address.ToString() != listener.Address
            || (address.AddressFamily == AddressFamily.InterNetwork) != (family == IpFamily.IPv4)
            || listener.Port is < 0 or > 65535
            || ListenerKey.ParseNetns(listener.Netns ?? "") is not { } netns
            || listener.FirstSeen is not { } firstSeen
            || listener.LastSeen is not { } lastSeen)
        {
            var what = listener is null ? "null" : $"{listener.Protocol} {listener.Family} {listener.Address} {listener.Port}";
            throw new StateFileException(
                StateFileProblem.Invalid,
                $"state file {path}: listeners[{index}] ({what}) is not a listener with protocol, family, address (as PortWatch writes it), port, netns (host or a namespace inode), first_seen and last_seen");
        }

        return new(new ListenerKey(protocol, family, address, listener.Port, netns), new ListenerSighting(firstSeen, lastSeen, listener.ClosedOnly));
    }
}

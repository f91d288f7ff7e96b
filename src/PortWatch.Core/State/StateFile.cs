using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using PortWatch.Sockets;

namespace PortWatch.State;

/// <summary>
/// Reads and writes the first-seen record. Writes are atomic: a temporary file in the same directory is
/// written and flushed to disk, then renamed over the old one, so a crash leaves either the old record or
/// the new one. A file that cannot be read stops the exporter rather than being replaced, since starting a
/// new baseline would hide every listener opened while the exporter was down.
/// </summary>
internal static class StateFile
{
    public static ListenerHistory Load(string path)
    {
        if (!File.Exists(path))
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
            if (!Directory.Exists(directory))
            {
                throw new StateFileException($"state file {path}: directory {directory} does not exist");
            }

            return new ListenerHistory();
        }

        try
        {
            using var stream = File.OpenRead(path);
            var document = JsonSerializer.Deserialize(stream, StateJsonContext.Default.StateDocument)
                ?? throw new StateFileException($"state file {path}: the file holds null, not a state record");
            if (document.Version != StateDocument.CurrentVersion)
            {
                throw new StateFileException($"state file {path}: version {document.Version} is not supported (expected {StateDocument.CurrentVersion})");
            }

            var entries = (document.Listeners ?? throw new StateFileException($"state file {path}: \"listeners\" is missing or null; fix or move the file aside to start a new baseline"))
                .Select((l, i) => ToEntry(path, l, i))
                .ToList();
            var duplicate = entries.GroupBy(e => e.Key).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw new StateFileException($"state file {path}: {duplicate.Key} is listed {duplicate.Count()} times; fix or move the file aside to start a new baseline");
            }

            return new ListenerHistory(document.Baseline, entries);
        }
        catch (JsonException e)
        {
            throw new StateFileException(
                $"state file {path}:{e.LineNumber + 1}:{e.BytePositionInLine + 1}: not a valid state record ({e.Message}); fix or move it aside to start a new baseline", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StateFileException($"state file {path}: {e.Message}", e);
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
                })],
        };
        var temporary = $"{path}.tmp-{Environment.ProcessId}";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(stream, document, StateJsonContext.Default.StateDocument);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            DeleteIfPossible(temporary);
            throw new StateFileException($"state file {path}: cannot write: {e.Message}", e);
        }
    }

    // Cleanup of a failed write must not replace the error that says why (File.Delete throws when the directory is gone).
    private static void DeleteIfPossible(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
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
                $"state file {path}: listeners[{index}] ({what}) is not a listener with protocol, family, address (as PortWatch writes it), port, netns (host or a namespace inode), first_seen and last_seen; fix or move the file aside to start a new baseline");
        }

        return new(new ListenerKey(protocol, family, address, listener.Port, netns), new ListenerSighting(firstSeen, lastSeen));
    }
}

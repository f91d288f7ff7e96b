using System.Globalization;
using System.Text;
using System.Text.Json;
using PortWatch.Configuration;
using PortWatch.Listeners;
using PortWatch.Processes;
using PortWatch.Registry;
using PortWatch.Scanning;
using PortWatch.State;

namespace PortWatch.Cli;

/// <summary>
/// <c>portwatch list</c>: one scan, printed. Every listener field comes from <see cref="ListenerLabels"/>, as in
/// the metrics. Reads the state file for first-seen times but never writes it, so running it beside the
/// exporter changes nothing; a state file it cannot read is a warning, not an error.
/// </summary>
internal static class ListCommand
{
    /// <summary>The table's columns: a header and the label it shows.</summary>
    private static readonly (string Header, string Label)[] Columns =
    [
        ("PROTO", ListenerLabels.Protocol),
        ("ADDRESS", ListenerLabels.Address),
        ("PORT", ListenerLabels.Port),
        ("NETNS", ListenerLabels.Netns),
        ("EXPOSURE", ListenerLabels.Exposure),
        ("RANGE", ListenerLabels.Range),
        ("STATUS", ListenerLabels.IanaStatus),
        ("SERVICE", ListenerLabels.IanaService),
        ("PROCESS", ListenerLabels.Process),
        ("EXECUTABLE", ListenerLabels.Executable),
        ("UNIT", ListenerLabels.Unit),
        ("CONTAINER", ListenerLabels.Container),
        ("POD", ListenerLabels.Pod),
        ("EXPECTED", ListenerLabels.Expected),
    ];

    /// <param name="packetSockets">Print the packet and raw sockets (<c>--packet-sockets</c>) instead of the listeners.</param>
    public static int Run(PortWatchSettings settings, OutputFormat output, TextWriter stdout, TextWriter stderr, bool packetSockets = false)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var registry = RegistryLoader.Load(settings.Registry.File);
        var history = ReadHistory(settings.State.File, stderr);
        var result = ScannerFactory.Create(settings.Scan, settings.State, registry, history, TimeProvider.System).Scan();
        if (!result.Success)
        {
            stderr.WriteLine($"portwatch: error: scan failed in stage {result.FailedStage?.ToLabel()}: {result.Error}");
            return ExitCodes.RuntimeFailure;
        }

        if (result.ProcessesUnreadable > 0)
        {
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"portwatch: warning: {result.ProcessesUnreadable} processes could not be read (not root?); their listeners show process \"unknown\""));
        }

        stdout.Write((output, packetSockets) switch
        {
            (OutputFormat.Json, true) => PacketSocketJson.Write(result.PacketSockets),
            (OutputFormat.Json, false) => Json(result.Listeners),
            (_, true) => PacketSocketTable.Render(result.PacketSockets, alone: true),
            _ => Table(result.Listeners) + PacketSocketTable.Render(result.PacketSockets),
        });
        return ExitCodes.Success;
    }

    /// <summary>
    /// The record's first-seen times, or none when there is no state file or it cannot be read. <c>list</c> only reads
    /// the file, so a bad one is a warning here (the exporter moves it aside at its next start) and the listeners
    /// are still listed, first seen now.
    /// </summary>
    private static ListenerHistory ReadHistory(string path, TextWriter stderr)
    {
        if (path.Length == 0 || !File.Exists(path))
        {
            return new ListenerHistory();
        }

        try
        {
            return StateFile.Load(path);
        }
        catch (StateFileException e)
        {
            stderr.WriteLine($"portwatch: warning: {e.Message}; first-seen times are this scan's, and the file is left as it is");
            return new ListenerHistory();
        }
    }

    /// <summary>A JSON array: every label of the listener under its label name (port a number, expected a boolean), then the rest.</summary>
    internal static string Json(IReadOnlyList<Listener> listeners)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = CliJsonContext.Output.Options.Encoder }))
        {
            json.WriteStartArray();
            foreach (var listener in listeners)
            {
                json.WriteStartObject();
                foreach (var label in ListenerLabels.Info)
                {
                    var value = label.Value(listener);
                    switch (label.Kind)
                    {
                        case LabelKind.Number:
                            json.WriteNumber(label.Name, long.Parse(value, CultureInfo.InvariantCulture));
                            break;
                        case LabelKind.Boolean:
                            json.WriteBoolean(label.Name, value == "true");
                            break;
                        default:
                            json.WriteString(label.Name, value);
                            break;
                    }
                }

                ProcessJson.Write(json, listener.Processes);
                json.WriteString("first_seen", Rfc3339(listener.FirstSeen));
                json.WriteString("iana_description", listener.Classification.Description);
                json.WriteString("iana_unauthorized_use", listener.Classification.UnauthorizedUse);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static string Table(IReadOnlyList<Listener> listeners)
    {
        var labels = Columns.Select(c => ListenerLabels.Named(c.Label)).ToArray();
        var rows = listeners.Select(l => (IReadOnlyList<string>)
        [
            .. labels.Select(label => label.Value(l)),
            l.Processes.Count == 0 ? "-" : string.Join(',', l.Processes.Select(p => p.Pid.ToString(CultureInfo.InvariantCulture))),
            Rfc3339(l.FirstSeen),
        ]);
        var table = TextTable.Render([.. Columns.Select(c => c.Header), "PID", "FIRST SEEN"], rows);
        return table + Notes.UnauthorizedUse(listeners.Select(l => l.Classification));
    }

    internal static string Rfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text.Json;
using PortWatch.Configuration;
using PortWatch.Registry;
using PortWatch.Scanning;
using PortWatch.Sockets;
using PortWatch.State;

namespace PortWatch.Cli;

/// <summary>
/// <c>portwatch list</c>: one scan, printed. Reads the state file for first-seen times but never writes it, so
/// running it beside the exporter changes nothing.
/// </summary>
internal static class ListCommand
{
    public static int Run(PortWatchSettings settings, OutputFormat output, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var registry = RegistryLoader.Load(settings.Registry.File);
        var history = settings.State.File.Length > 0 && File.Exists(settings.State.File) ? StateFile.Load(settings.State.File) : new ListenerHistory();
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

        stdout.Write(output == OutputFormat.Json ? Json(result.Listeners) : Table(result.Listeners));
        return ExitCodes.Success;
    }

    private static string Json(IReadOnlyList<Listener> listeners) =>
        JsonSerializer.Serialize(listeners.Select(ToJson).ToList(), CliJsonContext.Output.ListListenerJson) + "\n";

    private static ListenerJson ToJson(Listener listener) => new(
        listener.Key.Protocol.ToLabel(),
        listener.Key.Family.ToLabel(),
        listener.Key.AddressText,
        listener.Key.Port,
        listener.Exposure.ToLabel(),
        listener.Classification.Range.ToLabel(),
        listener.Classification.Status.ToLabel(),
        listener.Classification.Service,
        listener.Classification.Description,
        listener.Classification.UnauthorizedUse,
        listener.ProcessLabel,
        [.. listener.Processes.Select(p => new ProcessJson(p.Pid, p.Name))],
        listener.Expected,
        Rfc3339(listener.FirstSeen));

    private static string Table(IReadOnlyList<Listener> listeners)
    {
        var rows = listeners.Select(l => (IReadOnlyList<string>)
        [
            l.Key.Protocol.ToLabel(),
            l.Key.AddressText,
            l.Key.Port.ToString(CultureInfo.InvariantCulture),
            l.Exposure.ToLabel(),
            l.Classification.Range.ToLabel(),
            l.Classification.Status.ToLabel(),
            l.Classification.Service,
            l.Processes.Count == 0 ? l.ProcessLabel : string.Join(',', l.Processes.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name}[{p.Pid}]"))),
            l.Expected ? "yes" : "no",
            Rfc3339(l.FirstSeen),
        ]);
        var table = TextTable.Render(["PROTO", "ADDRESS", "PORT", "EXPOSURE", "RANGE", "STATUS", "SERVICE", "PROCESS", "EXPECTED", "FIRST SEEN"], rows);
        return table + Notes.UnauthorizedUse(listeners.Select(l => l.Classification));
    }

    private static string Rfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

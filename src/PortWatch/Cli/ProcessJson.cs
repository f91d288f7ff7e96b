using System.Text.Json;
using PortWatch.Processes;

namespace PortWatch.Cli;

/// <summary>The <c>processes</c> array of <c>portwatch list --output json</c>, for listeners and packet sockets alike.</summary>
internal static class ProcessJson
{
    /// <summary><c>processes</c>: each owner's pid, name, exe (the target of <c>/proc/&lt;pid&gt;/exe</c>, null when unreadable) and executable class.</summary>
    public static void Write(Utf8JsonWriter json, IReadOnlyList<ProcessInfo> processes)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(processes);
        json.WriteStartArray("processes");
        foreach (var process in processes)
        {
            json.WriteStartObject();
            json.WriteNumber("pid", process.Pid);
            json.WriteString("name", process.Name);
            json.WriteString("exe", process.Exe);
            json.WriteString("executable", process.Executable.ToLabel());
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}

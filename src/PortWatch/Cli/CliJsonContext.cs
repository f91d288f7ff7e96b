using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PortWatch.Cli;

/// <summary>Source-generated JSON for the command output (no reflection, so trimmed builds keep working).</summary>
[JsonSerializable(typeof(List<LookupJson>))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
    /// <summary>Indented, with quotes written as \" rather than \u0022; control characters are still escaped.</summary>
    public static CliJsonContext Output { get; } = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}

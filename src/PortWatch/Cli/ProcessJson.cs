using System.Text.Json.Serialization;

namespace PortWatch.Cli;

/// <summary>A process in <c>list --output json</c>.</summary>
internal sealed record ProcessJson(
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("name")] string Name);

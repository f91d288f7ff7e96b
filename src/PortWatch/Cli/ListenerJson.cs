using System.Text.Json.Serialization;

namespace PortWatch.Cli;

/// <summary>A listener in <c>list --output json</c>: the metric label names, plus processes and first_seen.</summary>
internal sealed record ListenerJson(
    [property: JsonPropertyName("protocol")] string Protocol,
    [property: JsonPropertyName("family")] string Family,
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("port")] int Port,
    [property: JsonPropertyName("exposure")] string Exposure,
    [property: JsonPropertyName("range")] string Range,
    [property: JsonPropertyName("iana_status")] string IanaStatus,
    [property: JsonPropertyName("iana_service")] string IanaService,
    [property: JsonPropertyName("iana_description")] string IanaDescription,
    [property: JsonPropertyName("iana_unauthorized_use")] string IanaUnauthorizedUse,
    [property: JsonPropertyName("process")] string Process,
    [property: JsonPropertyName("processes")] IReadOnlyList<ProcessJson> Processes,
    [property: JsonPropertyName("expected")] bool Expected,
    [property: JsonPropertyName("first_seen")] string FirstSeen);

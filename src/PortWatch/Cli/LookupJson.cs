using System.Text.Json.Serialization;

namespace PortWatch.Cli;

/// <summary>A classification in <c>lookup --output json</c>.</summary>
internal sealed record LookupJson(
    [property: JsonPropertyName("protocol")] string Protocol,
    [property: JsonPropertyName("port")] int Port,
    [property: JsonPropertyName("range")] string Range,
    [property: JsonPropertyName("iana_status")] string IanaStatus,
    [property: JsonPropertyName("iana_service")] string IanaService,
    [property: JsonPropertyName("iana_description")] string IanaDescription,
    [property: JsonPropertyName("iana_unauthorized_use")] string IanaUnauthorizedUse);

using System.Text.Json.Serialization;

namespace PortWatch.State;

/// <summary>One packet or raw socket identity of the state file: the labels of its first-seen series, and when it was first and last seen.</summary>
internal sealed class StatePacketSocket
{
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("netns")]
    public string Netns { get; set; } = "";

    [JsonPropertyName("protocol")]
    public string Protocol { get; set; } = "";

    [JsonPropertyName("interface")]
    public string Interface { get; set; } = "";

    [JsonPropertyName("filter")]
    public string Filter { get; set; } = "";

    [JsonPropertyName("process")]
    public string Process { get; set; } = "";

    [JsonPropertyName("first_seen")]
    public DateTimeOffset? FirstSeen { get; set; }

    [JsonPropertyName("last_seen")]
    public DateTimeOffset? LastSeen { get; set; }
}

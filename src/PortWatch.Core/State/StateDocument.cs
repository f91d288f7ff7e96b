using System.Text.Json.Serialization;

namespace PortWatch.State;

/// <summary>The JSON form of the state file.</summary>
internal sealed class StateDocument
{
    public const int CurrentVersion = 1;

    [JsonPropertyName("version")]
    public int Version { get; set; } = CurrentVersion;

    [JsonPropertyName("baseline")]
    public DateTimeOffset? Baseline { get; set; }

    [JsonPropertyName("listeners")]
    public List<StateListener?>? Listeners { get; set; } = [];

    /// <summary>The packet and raw sockets' identities; files written before they were tracked have none, which is none.</summary>
    [JsonPropertyName("packet_sockets")]
    public List<StatePacketSocket?>? PacketSockets { get; set; } = [];
}

using System.Text.Json.Serialization;

namespace PortWatch.State;

/// <summary>One listener of the state file.</summary>
internal sealed class StateListener
{
    [JsonPropertyName("protocol")]
    public string Protocol { get; set; } = "";

    [JsonPropertyName("family")]
    public string Family { get; set; } = "";

    [JsonPropertyName("address")]
    public string Address { get; set; } = "";

    [JsonPropertyName("port")]
    public int Port { get; set; }

    /// <summary>The <c>netns</c> label; files written before namespaces were scanned have none, which is <c>host</c>.</summary>
    [JsonPropertyName("netns")]
    public string Netns { get; set; } = "host";

    [JsonPropertyName("first_seen")]
    public DateTimeOffset? FirstSeen { get; set; }

    [JsonPropertyName("last_seen")]
    public DateTimeOffset? LastSeen { get; set; }

    /// <summary>True for a listener known only from its socket-destroy events; absent (false) once a scan saw it open.</summary>
    [JsonPropertyName("closed_only")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ClosedOnly { get; set; }
}

using PortWatch.Netlink;

namespace PortWatch.Sockets;

/// <summary>The label values of a packet socket's kind and filter, as metrics, JSON, the state file and the config file spell them.</summary>
internal static class PacketSocketKeyLabels
{
    public static string ToLabel(this PacketSocketKind kind) => kind == PacketSocketKind.Packet ? "packet" : "raw";

    public static bool TryParseKind(string text, out PacketSocketKind kind)
    {
        kind = text == "raw" ? PacketSocketKind.Raw : PacketSocketKind.Packet;
        return text is "packet" or "raw";
    }

    public static string ToLabel(this PacketFilter filter) => filter switch
    {
        PacketFilter.Bpf => "bpf",
        PacketFilter.None => "none",
        _ => "unknown",
    };

    public static bool TryParseFilter(string text, out PacketFilter filter)
    {
        filter = text switch
        {
            "bpf" => PacketFilter.Bpf,
            "none" => PacketFilter.None,
            _ => PacketFilter.Unknown,
        };
        return text is "bpf" or "none" or "unknown";
    }
}

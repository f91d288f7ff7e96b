using System.Text.Json;
using PortWatch.Sockets;

namespace PortWatch.Firewall;

/// <summary>Reads the left side of a match (or a verdict map's key) from nft's JSON; null for a field the evaluator does not read.</summary>
internal static class FieldParser
{
    public static (FieldRef Field, ValueKind Kind)? Parse(JsonElement left)
    {
        if (left.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (left.TryGetProperty("meta", out var meta))
        {
            return Key(meta) switch
            {
                "iifname" or "iif" => (new FieldRef(Field.InputInterface), ValueKind.Name),
                "l4proto" => (new FieldRef(Field.TransportProtocol), ValueKind.Protocol),
                "nfproto" => (new FieldRef(Field.NetfilterProtocol), ValueKind.Name),
                "pkttype" => (new FieldRef(Field.PacketType), ValueKind.Name),
                _ => null,
            };
        }

        if (left.TryGetProperty("ct", out var ct))
        {
            return Key(ct) == "state" && !ct.TryGetProperty("dir", out _) ? (new FieldRef(Field.ConnectionState), ValueKind.Name) : null;
        }

        if (left.TryGetProperty("fib", out var fib))
        {
            return fib.TryGetProperty("result", out var result) && result.GetString() == "type"
                && fib.TryGetProperty("flags", out var flags) && Single(flags) == "daddr"
                ? (new FieldRef(Field.DestinationType), ValueKind.Name)
                : null;
        }

        if (left.TryGetProperty("payload", out var payload))
        {
            return Payload(payload);
        }

        if (left.TryGetProperty("&", out var and) && and.ValueKind == JsonValueKind.Array && and.GetArrayLength() == 2
            && Parse(and[0]) is { Field.Field: Field.TcpFlags } flagsField
            && ValueParser.Parse(and[1], ValueKind.TcpFlags, _ => null) is { } mask)
        {
            return (flagsField.Field with { Mask = Bits(mask) }, ValueKind.TcpFlags);
        }

        return null;
    }

    /// <summary>A flag list's bits OR-ed together.</summary>
    public static int Bits(MatchValue flags)
    {
        var bits = 0;
        foreach (var (low, high) in flags.Numbers.Intervals)
        {
            for (var bit = low; bit <= high && bit <= 0xff; bit++)
            {
                bits |= (int)bit;
            }
        }

        return bits;
    }

    private static (FieldRef Field, ValueKind Kind)? Payload(JsonElement payload)
    {
        if (!payload.TryGetProperty("protocol", out var protocolElement) || !payload.TryGetProperty("field", out var fieldElement))
        {
            return null;
        }

        var (protocol, field) = (protocolElement.GetString(), fieldElement.GetString());
        return (protocol, field) switch
        {
            ("ip", "saddr") => (new FieldRef(Field.SourceAddress, IpFamily.IPv4), ValueKind.Address4),
            ("ip", "daddr") => (new FieldRef(Field.DestinationAddress, IpFamily.IPv4), ValueKind.Address4),
            ("ip", "protocol") => (new FieldRef(Field.TransportProtocol, IpFamily.IPv4), ValueKind.Protocol),
            ("ip6", "saddr") => (new FieldRef(Field.SourceAddress, IpFamily.IPv6), ValueKind.Address6),
            ("ip6", "daddr") => (new FieldRef(Field.DestinationAddress, IpFamily.IPv6), ValueKind.Address6),
            ("ip6", "nexthdr") => (new FieldRef(Field.TransportProtocol, IpFamily.IPv6), ValueKind.Protocol),
            ("tcp", "dport") => (new FieldRef(Field.DestinationPort, Protocol: 6), ValueKind.Port),
            ("tcp", "flags") => (new FieldRef(Field.TcpFlags, Protocol: 6), ValueKind.TcpFlags),
            ("udp", "dport") => (new FieldRef(Field.DestinationPort, Protocol: 17), ValueKind.Port),
            ("udplite", "dport") => (new FieldRef(Field.DestinationPort, Protocol: 136), ValueKind.Port),
            ("sctp", "dport") => (new FieldRef(Field.DestinationPort, Protocol: 132), ValueKind.Port),
            ("dccp", "dport") => (new FieldRef(Field.DestinationPort, Protocol: 33), ValueKind.Port),
            ("th", "dport") => (new FieldRef(Field.DestinationPort), ValueKind.Port),
            _ => null,
        };
    }

    private static string? Key(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("key", out var key) ? key.GetString() : null;

    private static string? Single(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Array when element.GetArrayLength() == 1 => element[0].GetString(),
        _ => null,
    };
}

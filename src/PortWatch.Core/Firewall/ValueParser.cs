using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace PortWatch.Firewall;

/// <summary>
/// Reads the right side of a match (or a set's elements, or a map's keys) from nft's JSON: numbers, strings, named
/// sets (<c>@name</c>), anonymous sets, ranges, prefixes, flag lists. Null when it holds something else (a
/// concatenation, a service name): the match is then not understood.
/// </summary>
internal static class ValueParser
{
    private static readonly Dictionary<string, int> Protocols = new(StringComparer.Ordinal)
    {
        ["icmp"] = 1, ["igmp"] = 2, ["tcp"] = 6, ["udp"] = 17, ["ipv6-icmp"] = 58, ["icmpv6"] = 58, ["gre"] = 47,
        ["esp"] = 50, ["ah"] = 51, ["sctp"] = 132, ["dccp"] = 33, ["udplite"] = 136,
    };

    private static readonly Dictionary<string, int> Flags = new(StringComparer.Ordinal)
    {
        ["fin"] = 1, ["syn"] = 2, ["rst"] = 4, ["psh"] = 8, ["ack"] = 16, ["urg"] = 32, ["ecn"] = 64, ["cwr"] = 128,
    };

    /// <param name="findSet">The elements of a named set of the rule's table, or null when it has none of that name.</param>
    public static MatchValue? Parse(JsonElement value, ValueKind kind, Func<string, JsonElement?> findSet)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                return kind is ValueKind.Name or ValueKind.Address4 or ValueKind.Address6 || !value.TryGetUInt64(out var number)
                    ? null
                    : MatchValue.OfNumbers(IntervalSet.Single(number));
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (text.StartsWith('@'))
                {
                    return findSet(text[1..]) is { } elements ? Elements(elements, kind, findSet) : null;
                }

                return Scalar(text, kind);
            case JsonValueKind.Array:
                return Elements(value, kind, findSet);
            case JsonValueKind.Object:
                if (value.TryGetProperty("set", out var set))
                {
                    return set.ValueKind == JsonValueKind.Array ? Elements(set, kind, findSet) : Parse(set, kind, findSet);
                }

                if (value.TryGetProperty("elem", out var elem) && elem.TryGetProperty("val", out var val))
                {
                    return Parse(val, kind, findSet);
                }

                if (value.TryGetProperty("range", out var range) && range.GetArrayLength() == 2)
                {
                    return Range(range[0], range[1], kind, findSet);
                }

                if (value.TryGetProperty("prefix", out var prefix) && kind is ValueKind.Address4 or ValueKind.Address6
                    && Address(prefix.GetProperty("addr").GetString(), kind) is { } network)
                {
                    return MatchValue.OfNumbers(AddressNumbers.Prefix(network, prefix.GetProperty("len").GetInt32()));
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>The values <c>&lt;</c>, <c>&gt;</c>, <c>&lt;=</c>, <c>&gt;=</c> a number select.</summary>
    public static MatchValue? Compare(string op, MatchValue bound, ValueKind kind)
    {
        if (bound.Names.Count > 0 || bound.Numbers.Intervals.Count != 1 || bound.Numbers.Intervals[0].Low != bound.Numbers.Intervals[0].High)
        {
            return null;
        }

        var n = bound.Numbers.Intervals[0].Low;
        UInt128 max = kind switch { ValueKind.Port => ushort.MaxValue, ValueKind.Address4 => uint.MaxValue, ValueKind.Address6 => UInt128.MaxValue, _ => byte.MaxValue };
        return op switch
        {
            "<" => MatchValue.OfNumbers(n == 0 ? IntervalSet.Empty : IntervalSet.Range(0, n - 1)),
            "<=" => MatchValue.OfNumbers(IntervalSet.Range(0, n)),
            ">" => MatchValue.OfNumbers(n >= max ? IntervalSet.Empty : IntervalSet.Range(n + 1, max)),
            ">=" => MatchValue.OfNumbers(IntervalSet.Range(n, max)),
            _ => null,
        };
    }

    private static MatchValue? Elements(JsonElement elements, ValueKind kind, Func<string, JsonElement?> findSet)
    {
        if (elements.ValueKind != JsonValueKind.Array)
        {
            return Parse(elements, kind, findSet);
        }

        var result = MatchValue.None;
        foreach (var element in elements.EnumerateArray())
        {
            if (Parse(element, kind, findSet) is not { } one)
            {
                return null;
            }

            result = result.Union(one);
        }

        return result;
    }

    private static MatchValue? Range(JsonElement from, JsonElement to, ValueKind kind, Func<string, JsonElement?> findSet)
    {
        if (Parse(from, kind, findSet) is not { Names.Count: 0 } low || Parse(to, kind, findSet) is not { Names.Count: 0 } high
            || low.Numbers.IsEmpty || high.Numbers.IsEmpty)
        {
            return null;
        }

        return MatchValue.OfNumbers(IntervalSet.Range(low.Numbers.Intervals[0].Low, high.Numbers.Intervals[^1].High));
    }

    private static MatchValue? Scalar(string text, ValueKind kind)
    {
        switch (kind)
        {
            case ValueKind.Name:
                return MatchValue.OfNames(text);
            case ValueKind.Address4 or ValueKind.Address6:
                return Address(text, kind) is { } address ? MatchValue.OfNumbers(IntervalSet.Single(AddressNumbers.Of(address))) : null;
            case ValueKind.Protocol:
                return Protocols.TryGetValue(text, out var protocol) ? MatchValue.OfNumbers(IntervalSet.Single((UInt128)protocol)) : null;
            case ValueKind.TcpFlags:
                return Flags.TryGetValue(text, out var flag) ? MatchValue.OfNumbers(IntervalSet.Single((UInt128)flag)) : null;
            default:
                return ushort.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                    ? MatchValue.OfNumbers(IntervalSet.Single(port))
                    : null;
        }
    }

    private static IPAddress? Address(string? text, ValueKind kind) =>
        IPAddress.TryParse(text, out var address)
        && address.AddressFamily == (kind == ValueKind.Address4 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6)
            ? address
            : null;
}

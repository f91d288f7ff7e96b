using PortWatch.Sockets;

namespace PortWatch.Firewall;

/// <summary>One match against a probe: concrete fields hold or not; a match on the source splits the probe's sources.</summary>
internal static class ProbeMatch
{
    /// <summary>The probe where the match holds, and where it does not; null for an empty side.</summary>
    public static (Probe? Yes, Probe? No) Split(FieldRef field, MatchValue value, bool negated, Probe probe, IntervalSet local)
    {
        if ((field.Family is { } family && family != probe.Family) || (field.Protocol is { } protocol && protocol != probe.Protocol))
        {
            return (null, probe); // The header is not there: nft's implied dependency fails, "==" and "!=" alike.
        }

        if (field.Field == Field.SourceAddress)
        {
            var (inside, outside) = (probe.Sources.Intersect(value.Numbers), probe.Sources.Subtract(value.Numbers));
            (inside, outside) = negated ? (outside, inside) : (inside, outside);
            return (inside.IsEmpty ? null : probe with { Sources = inside }, outside.IsEmpty ? null : probe with { Sources = outside });
        }

        var holds = field.Field switch
        {
            Field.InputInterface => value.HasName(probe.Interface),
            Field.TransportProtocol => value.Numbers.Contains((UInt128)probe.Protocol),
            Field.NetfilterProtocol => value.HasName(probe.Family == IpFamily.IPv4 ? "ipv4" : "ipv6"),
            Field.DestinationPort => value.Numbers.Contains((UInt128)probe.Port),
            Field.DestinationAddress => value.Numbers.Contains(probe.Destination),
            Field.DestinationType => value.HasName(local.Contains(probe.Destination) ? "local" : "unicast"),
            Field.ConnectionState => value.HasName("new"),
            Field.PacketType => value.HasName("host"),
            _ => value.Numbers.Contains((UInt128)(0x02 & field.Mask)), // TCP flags: a SYN.
        };
        return holds != negated ? (probe, null) : (null, probe);
    }

    /// <summary>Whether a match on a concrete field among the matches after <paramref name="index"/> fails (matches of one rule commute).</summary>
    public static bool LaterMatchFails(IReadOnlyList<Statement> rule, int index, Probe probe, IntervalSet local)
    {
        for (var k = index + 1; k < rule.Count && rule[k] is MatchStatement later; k++)
        {
            if (later.Field.Field != Field.SourceAddress && Split(later.Field, later.Value, later.Negated, probe, local).Yes is null)
            {
                return true;
            }
        }

        return false;
    }
}

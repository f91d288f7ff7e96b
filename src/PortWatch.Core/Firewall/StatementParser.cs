using System.Net;
using System.Text.Json;

namespace PortWatch.Firewall;

/// <summary>
/// Reads one expression of a rule from nft's JSON into a <see cref="Statement"/>. What it does not understand becomes an
/// <see cref="UnsupportedStatement"/>, which matters only if a probe reaches it.
/// </summary>
internal static class StatementParser
{
    private const int DetailLength = 160;

    /// <summary>Statements that are no verdict and change nothing the evaluator reads.</summary>
    private static readonly HashSet<string> Passes =
        ["counter", "log", "limit", "quota", "mangle", "notrack", "set", "meter", "flow", "ct helper", "ct timeout", "ct expectation", "synproxy"];

    public static Statement Parse(JsonElement expression, Func<string, JsonElement?> findSet)
    {
        if (expression.ValueKind != JsonValueKind.Object)
        {
            return Unsupported(Unevaluated.Expression, expression);
        }

        foreach (var property in expression.EnumerateObject())
        {
            return property.Name switch
            {
                "match" => (Statement?)Match(property.Value, findSet) ?? Unsupported(Unevaluated.Expression, expression),
                "accept" => VerdictStatement.Accept,
                "drop" or "reject" => VerdictStatement.Drop,
                "continue" => new VerdictStatement(VerdictKind.Continue),
                "return" => new VerdictStatement(VerdictKind.Return),
                "jump" or "goto" => (Statement?)Target(property) ?? Unsupported(Unevaluated.Verdict, expression),
                "snat" or "masquerade" => VerdictStatement.Accept,
                "dnat" => (Statement?)Dnat(property.Value) ?? Unsupported(Unevaluated.Nat, expression),
                "redirect" => (Statement?)Redirect(property.Value) ?? Unsupported(Unevaluated.Nat, expression),
                "vmap" => (Statement?)VerdictMap(property.Value, findSet) ?? Unsupported(Unevaluated.Expression, expression),
                "queue" => Unsupported(Unevaluated.Verdict, expression),
                var name when Passes.Contains(name) => PassStatement.Instance,
                _ => Unsupported(Unevaluated.Expression, expression),
            };
        }

        return Unsupported(Unevaluated.Expression, expression);
    }

    /// <summary>A verdict as a map's data or a statement: <c>{"accept": null}</c>, <c>{"jump": {"target": "x"}}</c>.</summary>
    public static VerdictStatement? Verdict(JsonElement verdict)
    {
        if (verdict.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in verdict.EnumerateObject())
        {
            return property.Name switch
            {
                "accept" => VerdictStatement.Accept,
                "drop" or "reject" => VerdictStatement.Drop,
                "continue" => new VerdictStatement(VerdictKind.Continue),
                "return" => new VerdictStatement(VerdictKind.Return),
                "jump" or "goto" => Target(property),
                _ => null,
            };
        }

        return null;
    }

    private static MatchStatement? Match(JsonElement match, Func<string, JsonElement?> findSet)
    {
        if (FieldParser.Parse(match.GetProperty("left")) is not var (field, kind)
            || ValueParser.Parse(match.GetProperty("right"), kind, findSet) is not { } value)
        {
            return null;
        }

        var op = match.TryGetProperty("op", out var opElement) ? opElement.GetString() : "==";
        switch (op)
        {
            case "==":
                return new MatchStatement(field, value, Negated: false);
            case "!=":
                return new MatchStatement(field, value, Negated: true);
            case "in" when field.Field == Field.TcpFlags:
                // "tcp flags syn": any of the bits set.
                return new MatchStatement(field with { Mask = field.Mask & FieldParser.Bits(value) }, MatchValue.OfNumbers(IntervalSet.Range(1, 0xff)), Negated: false);
            case "in":
                return new MatchStatement(field, value, Negated: false);
            case "<" or ">" or "<=" or ">=":
                return ValueParser.Compare(op, value, kind) is { } range ? new MatchStatement(field, range, Negated: false) : null;
            default:
                return null;
        }
    }

    private static VerdictStatement? Target(JsonProperty property) =>
        property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty("target", out var target)
        && target.ValueKind == JsonValueKind.String
            ? new VerdictStatement(property.Name == "jump" ? VerdictKind.Jump : VerdictKind.Goto, target.GetString())
            : null;

    private static NatStatement? Dnat(JsonElement nat)
    {
        if (nat.ValueKind != JsonValueKind.Object || nat.TryGetProperty("flags", out _)
            || !nat.TryGetProperty("addr", out var addr) || addr.ValueKind != JsonValueKind.String
            || !IPAddress.TryParse(addr.GetString(), out var address))
        {
            return null;
        }

        if (!nat.TryGetProperty("port", out var port))
        {
            return new NatStatement(AddressNumbers.Of(address), null) { Family = address.AddressFamily };
        }

        return port.ValueKind == JsonValueKind.Number && port.TryGetUInt16(out var number)
            ? new NatStatement(AddressNumbers.Of(address), number) { Family = address.AddressFamily }
            : null;
    }

    private static NatStatement? Redirect(JsonElement redirect)
    {
        if (redirect.ValueKind == JsonValueKind.Null)
        {
            return new NatStatement(null, null);
        }

        return redirect.ValueKind == JsonValueKind.Object && !redirect.TryGetProperty("flags", out _)
            && redirect.TryGetProperty("port", out var port) && port.ValueKind == JsonValueKind.Number && port.TryGetUInt16(out var number)
            ? new NatStatement(null, number)
            : null;
    }

    private static VerdictMapStatement? VerdictMap(JsonElement vmap, Func<string, JsonElement?> findSet)
    {
        if (FieldParser.Parse(vmap.GetProperty("key")) is not var (field, kind))
        {
            return null;
        }

        var data = vmap.GetProperty("data");
        JsonElement? elements = data.ValueKind == JsonValueKind.String && data.GetString()!.StartsWith('@')
            ? findSet(data.GetString()![1..])
            : data.ValueKind == JsonValueKind.Object && data.TryGetProperty("set", out var set) ? set : null;
        if (elements is not { ValueKind: JsonValueKind.Array } entries)
        {
            return null;
        }

        var result = new List<(MatchValue, VerdictStatement)>();
        foreach (var entry in entries.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Array || entry.GetArrayLength() != 2
                || ValueParser.Parse(entry[0], kind, findSet) is not { } key || Verdict(entry[1]) is not { } verdict)
            {
                return null;
            }

            result.Add((key, verdict));
        }

        return new VerdictMapStatement(field, result);
    }

    private static UnsupportedStatement Unsupported(Unevaluated reason, JsonElement expression)
    {
        var text = expression.GetRawText();
        return new UnsupportedStatement(reason, text.Length <= DetailLength ? text : text[..DetailLength] + "...");
    }
}

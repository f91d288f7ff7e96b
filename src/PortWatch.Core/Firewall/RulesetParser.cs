using System.Text.Json;

namespace PortWatch.Firewall;

/// <summary>
/// Parses <c>nft -j list ruleset</c> (libnftables' JSON output, schema version 1) into a <see cref="Ruleset"/>:
/// tables' chains, their rules in order, named sets and maps. Throws <see cref="FormatException"/> on text that is
/// not such a document; an expression it does not understand is kept as an <see cref="UnsupportedStatement"/>.
/// </summary>
internal static class RulesetParser
{
    public static Ruleset Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Parse(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"not an nftables JSON ruleset: {e.Message}", e);
        }
    }

    private static Ruleset Parse(JsonElement root)
    {
        if (!root.TryGetProperty("nftables", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("not an nftables JSON ruleset: no \"nftables\" array");
        }

        var sets = new Dictionary<(string, string, string), JsonElement>();
        var chains = new Dictionary<(string, string, string), Chain>();
        foreach (var item in items.EnumerateArray())
        {
            if (item.TryGetProperty("set", out var set) || item.TryGetProperty("map", out set))
            {
                sets[Key(set, "table", "name")] = set.TryGetProperty("elem", out var elem) ? elem.Clone() : JsonDocument.Parse("[]").RootElement;
            }
            else if (item.TryGetProperty("chain", out var chain))
            {
                var key = Key(chain, "table", "name");
                chains[key] = new Chain(
                    key.Item1,
                    key.Item2,
                    key.Item3,
                    Text(chain, "hook"),
                    Text(chain, "type"),
                    chain.TryGetProperty("prio", out var prio) && prio.ValueKind == JsonValueKind.Number ? prio.GetInt32() : 0,
                    Text(chain, "policy") == "drop",
                    Devices(chain),
                    []);
            }
        }

        foreach (var item in items.EnumerateArray())
        {
            if (!item.TryGetProperty("rule", out var rule))
            {
                continue;
            }

            var (family, table, name) = Key(rule, "table", "chain");
            if (!chains.TryGetValue((family, table, name), out var chain))
            {
                throw new FormatException($"a rule of chain {family} {table} {name}, which the ruleset does not list");
            }

            JsonElement? FindSet(string set) => sets.TryGetValue((family, table, set), out var elements) ? elements : null;
            var statements = new List<Statement>();
            if (rule.TryGetProperty("expr", out var expressions))
            {
                foreach (var expression in expressions.EnumerateArray())
                {
                    statements.Add(StatementParser.Parse(expression, FindSet));
                }
            }

            chain.Rules.Add(statements);
        }

        return new Ruleset(chains);
    }

    private static (string, string, string) Key(JsonElement element, string table, string name) =>
        (Text(element, "family") ?? throw new FormatException("an object without a family"),
         Text(element, table) ?? throw new FormatException($"an object without \"{table}\""),
         Text(element, name) ?? throw new FormatException($"an object without \"{name}\""));

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string[] Devices(JsonElement chain)
    {
        if (!chain.TryGetProperty("dev", out var dev))
        {
            return [];
        }

        return dev.ValueKind == JsonValueKind.Array ? [.. dev.EnumerateArray().Select(d => d.GetString() ?? "")] : [dev.GetString() ?? ""];
    }
}

namespace PortWatch.Firewall;

/// <summary>A parsed nftables ruleset: every chain by family, table and name, and the base chains.</summary>
internal sealed class Ruleset(IReadOnlyDictionary<(string Family, string Table, string Name), Chain> chains)
{
    public static Ruleset Empty { get; } = new(new Dictionary<(string, string, string), Chain>());

    public IReadOnlyDictionary<(string Family, string Table, string Name), Chain> Chains => chains;

    public IEnumerable<Chain> BaseChains => chains.Values.Where(c => c.Hook is not null);

    public int RuleCount => chains.Values.Sum(c => c.Rules.Count);

    public Chain? Find(Chain from, string name) => chains.GetValueOrDefault((from.Family, from.Table, name));
}

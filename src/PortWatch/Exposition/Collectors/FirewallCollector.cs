using PortWatch.Firewall;
using Prometheus;

namespace PortWatch.Exposition;

/// <summary>The firewall evaluator's families (issue 19): listeners left unknown by reason, ruleset reads, rules evaluated; read at each scrape.</summary>
internal sealed class FirewallCollector(FirewallReader firewall) : IExporterCollector
{
    private List<(Unevaluated Reason, Counter.Child Child)> reasons = [];
    private Counter reads = null!;
    private Gauge rules = null!;

    public void Register(MetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var unevaluated = factory.CreateCounter(
            MetricNames.FirewallUnevaluated,
            "Listener evaluations whose reachable label is unknown, by reason (each listener once a ruleset): an expression, verdict or NAT the evaluator does not follow, too deep or too many paths, no libnftables, no CAP_NET_ADMIN, an unreadable ruleset, legacy iptables, another namespace.",
            "reason");
        reasons = [.. Enum.GetValues<Unevaluated>().Select(r => (r, unevaluated.WithLabels(r.ToLabel())))];
        reads = factory.CreateCounter(MetricNames.FirewallRulesetReads, "Times the nftables ruleset was listed and parsed: only when its generation id or the interfaces changed.");
        rules = factory.CreateGauge(MetricNames.FirewallRules, "Rules of the nftables ruleset evaluated (0 when none could be read).");
    }

    public void Update()
    {
        foreach (var (reason, child) in reasons)
        {
            child.IncTo(firewall.UnevaluatedCount(reason));
        }

        reads.IncTo(firewall.RulesetReads);
        rules.Set(firewall.Rules);
    }
}

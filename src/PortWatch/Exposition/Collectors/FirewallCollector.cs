using PortWatch.Firewall;
using Prometheus;

namespace PortWatch.Exposition;

/// <summary>The firewall evaluator's families (issue 19): listeners left unknown by reason, ruleset reads, rules evaluated, why no ruleset is read; read at each scrape.</summary>
internal sealed class FirewallCollector(FirewallReader firewall) : IExporterCollector
{
    /// <summary>The reasons no ruleset can be read, each a series of <see cref="MetricNames.FirewallRulesetUnreadable"/> (0 or 1).</summary>
    public static readonly IReadOnlyList<Unevaluated> UnreadableReasons =
        [Unevaluated.NoLibrary, Unevaluated.NoPermission, Unevaluated.ReadFailed, Unevaluated.LegacyIptables];

    private List<(Unevaluated Reason, Counter.Child Child)> reasons = [];
    private List<(Unevaluated Reason, Gauge.Child Child)> unreadableReasons = [];
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
        var unreadable = factory.CreateGauge(
            MetricNames.FirewallRulesetUnreadable,
            "1 for the reason the nftables ruleset cannot be read now, and every listener's reachable label is unknown: no_library (no libnftables.so.1), no_permission (no CAP_NET_ADMIN), read_failed, legacy_iptables (x_tables rules loaded); all 0 while it is read.",
            "reason");
        unreadableReasons = [.. UnreadableReasons.Select(r => (r, unreadable.WithLabels(r.ToLabel())))];
    }

    public void Update()
    {
        foreach (var (reason, child) in reasons)
        {
            child.IncTo(firewall.UnevaluatedCount(reason));
        }

        reads.IncTo(firewall.RulesetReads);
        rules.Set(firewall.Rules);
        var now = firewall.Unreadable;
        foreach (var (reason, child) in unreadableReasons)
        {
            child.Set(reason == now ? 1 : 0);
        }
    }
}

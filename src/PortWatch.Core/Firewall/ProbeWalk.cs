using PortWatch.Sockets;

namespace PortWatch.Firewall;

/// <summary>
/// Walks one probe through the base chains it meets on its way in (<see cref="HookPath"/>), rule by rule, following
/// jumps, gotos, returns, verdict maps and policies, and splitting it where a match on the source holds for some
/// sources and not others. Each path ends as a <see cref="WalkOutcome"/>: dropped, sent on (forwarded after a DNAT to
/// an address that is not local), or delivered to the host with its final destination. Throws
/// <see cref="EvaluationException"/> at anything it cannot follow.
/// </summary>
internal sealed class ProbeWalk(Ruleset ruleset, HookPath path, IntervalSet local, Func<string, IpFamily, UInt128?> interfaceAddress)
{
    /// <summary>The kernel's jump stack (NFT_JUMP_STACK_SIZE).</summary>
    public const int MaxDepth = 16;

    public const int MaxPaths = 4096;

    private const int MaxStatements = 1_000_000;

    private readonly List<WalkOutcome> outcomes = [];
    private int statements;

    public IReadOnlyList<WalkOutcome> Run(Probe probe)
    {
        outcomes.Clear();
        statements = 0;
        Step(0, probe);
        return outcomes;
    }

    private void Step(int index, Probe probe)
    {
        for (; index < path.Steps.Count; index++)
        {
            var chain = path.Steps[index];
            if (chain is null)
            {
                // The routing decision: a destination that is not local is forwarded, and never reaches a listener here.
                if (!local.Contains(probe.Destination))
                {
                    Record(probe, delivered: false);
                    return;
                }

                continue;
            }

            if (chain.IsNat && probe.Natted)
            {
                continue;
            }

            if (chain.Hook == "ingress" && chain.Devices.Count == 0)
            {
                if (chain.Rules.Count == 0 && !chain.PolicyDrop)
                {
                    continue;
                }

                throw new EvaluationException(Unevaluated.Expression, $"{chain.Family} {chain.Table} {chain.Name}: an ingress chain whose device the ruleset's JSON does not name");
            }

            Exec(new WalkPosition(index, chain, chain, 0, 0, null, 0), probe);
            return;
        }

        Record(probe, delivered: true);
    }

    private void Exec(WalkPosition at, Probe probe)
    {
        while (true)
        {
            if (++statements > MaxStatements)
            {
                throw new EvaluationException(Unevaluated.Paths, $"more than {MaxStatements} statements on one probe's paths");
            }

            if (at.Rule >= at.Chain.Rules.Count)
            {
                if (at.Callers is { } caller)
                {
                    at = at.Return(caller);
                    continue;
                }

                End(at, probe);
                return;
            }

            var rule = at.Chain.Rules[at.Rule];
            if (at.Statement >= rule.Count)
            {
                at = at.NextRule();
                continue;
            }

            switch (rule[at.Statement])
            {
                case MatchStatement { Field.Field: Field.SourceAddress } when ProbeMatch.LaterMatchFails(rule, at.Statement, probe, local):
                    at = at.NextRule(); // Decided before the source is split: the rule fails for every source.
                    continue;
                case MatchStatement match:
                    var (yes, no) = ProbeMatch.Split(match.Field, match.Value, match.Negated, probe, local);
                    if (yes is not { } holds)
                    {
                        at = at.NextRule();
                        continue;
                    }

                    if (no is { } fails)
                    {
                        Exec(at.NextRule(), fails);
                    }

                    probe = holds;
                    at = at.NextStatement();
                    continue;
                case VerdictStatement verdict:
                    if (!Apply(ref at, verdict, probe))
                    {
                        return;
                    }

                    continue;
                case VerdictMapStatement map:
                    var rest = probe;
                    foreach (var (key, verdict) in map.Entries)
                    {
                        var (inKey, outside) = ProbeMatch.Split(map.Key, key, negated: false, rest, local);
                        if (inKey is { } entry)
                        {
                            var branch = at;
                            if (Apply(ref branch, verdict, entry))
                            {
                                Exec(branch, entry);
                            }
                        }

                        if (outside is not { } next)
                        {
                            return;
                        }

                        rest = next;
                    }

                    probe = rest;
                    at = at.NextRule();
                    continue;
                case NatStatement nat:
                    if (!Nat(at, nat, probe))
                    {
                        at = at.NextRule();
                        continue;
                    }

                    return;
                case UnsupportedStatement unsupported:
                    throw new EvaluationException(unsupported.Reason, $"{at.Chain.Family} {at.Chain.Table} {at.Chain.Name}: {unsupported.Detail}");
                default:
                    at = at.NextStatement();
                    continue;
            }
        }
    }

    /// <summary>A DNAT or redirect: the new destination for the rest of the walk, which goes on at the next base chain.</summary>
    private bool Nat(WalkPosition at, NatStatement nat, Probe probe)
    {
        if (nat.Family is { } family && (family == System.Net.Sockets.AddressFamily.InterNetwork) != (probe.Family == IpFamily.IPv4))
        {
            return false; // "dnat ip to" in an inet table: the rule carries a family match.
        }

        var destination = nat.Address ?? interfaceAddress(probe.Interface, probe.Family);
        if (destination is not { } address)
        {
            Record(probe, delivered: false); // A redirect on an interface without an address of the family drops.
            return true;
        }

        Step(at.Step + 1, probe with { Destination = address, Port = nat.Port ?? probe.Port, Natted = true });
        return true;
    }

    /// <summary>Applies a verdict; false when the path ended (accept goes on to the next base chain itself).</summary>
    private bool Apply(ref WalkPosition at, VerdictStatement verdict, Probe probe)
    {
        switch (verdict.Kind)
        {
            case VerdictKind.Accept:
                Step(at.Step + 1, probe);
                return false;
            case VerdictKind.Drop:
                Record(probe, delivered: false);
                return false;
            case VerdictKind.Continue:
                at = at.NextStatement();
                return true;
            case VerdictKind.Return:
                at = at.Callers is { } caller ? at.Return(caller) : at with { Rule = at.Chain.Rules.Count };
                return true;
            default:
                var target = ruleset.Find(at.Chain, verdict.Target!)
                    ?? throw new EvaluationException(Unevaluated.Verdict, $"{at.Chain.Family} {at.Chain.Table} {at.Chain.Name}: jump to a missing chain {verdict.Target}");
                if (verdict.Kind == VerdictKind.Goto)
                {
                    at = at with { Chain = target, Rule = 0, Statement = 0 };
                    return true;
                }

                if (at.Depth + 1 > MaxDepth)
                {
                    throw new EvaluationException(Unevaluated.Depth, $"jumps nested deeper than {MaxDepth} at {target.Name}");
                }

                at = at with { Chain = target, Rule = 0, Statement = 0, Callers = new WalkFrame(at.Chain, at.Rule, at.Callers), Depth = at.Depth + 1 };
                return true;
        }
    }

    private void End(WalkPosition at, Probe probe)
    {
        if (at.Base.PolicyDrop)
        {
            Record(probe, delivered: false);
        }
        else
        {
            Step(at.Step + 1, probe);
        }
    }

    private void Record(Probe probe, bool delivered)
    {
        outcomes.Add(new WalkOutcome(probe, delivered));
        if (outcomes.Count > MaxPaths)
        {
            throw new EvaluationException(Unevaluated.Paths, $"the rules split the sources into more than {MaxPaths} paths");
        }
    }
}

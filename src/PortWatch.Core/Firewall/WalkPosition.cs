namespace PortWatch.Firewall;

/// <summary>
/// Where <see cref="ProbeWalk"/> is: the step of the hook path, the base chain entered there, the chain, rule and
/// statement being evaluated, the jumps to return from, and how deep they nest.
/// </summary>
internal readonly record struct WalkPosition(int Step, Chain Base, Chain Chain, int Rule, int Statement, WalkFrame? Callers, int Depth)
{
    public WalkPosition NextRule() => this with { Rule = Rule + 1, Statement = 0 };

    public WalkPosition NextStatement() => this with { Statement = Statement + 1 };

    public WalkPosition Return(WalkFrame caller) => this with { Chain = caller.Chain, Rule = caller.Rule + 1, Statement = 0, Callers = caller.Caller, Depth = Depth - 1 };
}

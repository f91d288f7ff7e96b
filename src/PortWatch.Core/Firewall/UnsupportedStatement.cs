namespace PortWatch.Firewall;

/// <summary>A statement the evaluator cannot follow: a probe that meets it makes the listener <see cref="Reachability.Unknown"/>.</summary>
/// <param name="Detail">What it was, for the log (the JSON of the expression, shortened).</param>
internal sealed record UnsupportedStatement(Unevaluated Reason, string Detail) : Statement;

namespace PortWatch.Firewall;

/// <summary>A listener's reachability; for <see cref="Reachability.Unknown"/>, why, and what stopped the evaluator.</summary>
internal sealed record Evaluation(Reachability Reachable, Unevaluated? Reason = null, string? Detail = null)
{
    public static Evaluation Local { get; } = new(Reachability.Local);

    public static Evaluation Unknown(Unevaluated reason, string? detail = null) => new(Reachability.Unknown, reason, detail);
}

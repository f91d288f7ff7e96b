namespace PortWatch.Firewall;

/// <summary>Thrown inside a walk when it meets what it cannot follow; the evaluator turns it into an unknown <see cref="Evaluation"/>.</summary>
internal sealed class EvaluationException(Unevaluated reason, string detail) : Exception(detail)
{
    public Unevaluated Reason { get; } = reason;
}

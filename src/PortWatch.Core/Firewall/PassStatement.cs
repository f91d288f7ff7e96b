namespace PortWatch.Firewall;

/// <summary>A statement that is no verdict and changes nothing a later match of the evaluator reads: counter, log, limit, quota, mark set, notrack.</summary>
internal sealed record PassStatement : Statement
{
    public static PassStatement Instance { get; } = new();
}

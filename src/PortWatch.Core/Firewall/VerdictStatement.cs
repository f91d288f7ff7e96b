namespace PortWatch.Firewall;

/// <summary>A verdict: accept, drop (and reject), continue, return, jump or goto <paramref name="Target"/>.</summary>
internal sealed record VerdictStatement(VerdictKind Kind, string? Target = null) : Statement
{
    public static VerdictStatement Accept { get; } = new(VerdictKind.Accept);

    public static VerdictStatement Drop { get; } = new(VerdictKind.Drop);
}

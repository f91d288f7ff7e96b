namespace PortWatch.Firewall;

/// <summary>A match: the rule goes on when <paramref name="Field"/> is in <paramref name="Value"/> (or is not, when <paramref name="Negated"/>).</summary>
internal sealed record MatchStatement(FieldRef Field, MatchValue Value, bool Negated) : Statement;

namespace PortWatch.Firewall;

/// <summary>A verdict map: the verdict of the first entry whose key holds <paramref name="Key"/>; none matching ends the rule.</summary>
internal sealed record VerdictMapStatement(FieldRef Key, IReadOnlyList<(MatchValue Key, VerdictStatement Verdict)> Entries) : Statement;

namespace PortWatch.Firewall;

/// <summary>A jump's return address in <see cref="ProbeWalk"/>: the calling chain, the rule that jumped, and its own caller.</summary>
internal sealed record WalkFrame(Chain Chain, int Rule, WalkFrame? Caller);

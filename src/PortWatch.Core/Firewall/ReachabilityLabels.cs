namespace PortWatch.Firewall;

/// <summary>The values of the <c>reachable</c> label, and of <c>portwatch_firewall_unevaluated_total</c>'s <c>reason</c>.</summary>
internal static class ReachabilityLabels
{
    public static string ToLabel(this Reachability reachability) => reachability switch
    {
        Reachability.Yes => "yes",
        Reachability.Some => "some",
        Reachability.No => "no",
        Reachability.Local => "local",
        _ => "unknown",
    };

    public static string ToLabel(this Unevaluated reason) => reason switch
    {
        Unevaluated.Expression => "expression",
        Unevaluated.Verdict => "verdict",
        Unevaluated.Nat => "nat",
        Unevaluated.Depth => "chain_depth",
        Unevaluated.Paths => "paths",
        Unevaluated.NoLibrary => "no_library",
        Unevaluated.NoPermission => "no_permission",
        Unevaluated.ReadFailed => "read_failed",
        Unevaluated.LegacyIptables => "legacy_iptables",
        _ => "namespace",
    };
}

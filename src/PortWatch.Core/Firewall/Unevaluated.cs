namespace PortWatch.Firewall;

/// <summary>Why a listener's reachability is <see cref="Reachability.Unknown"/>.</summary>
internal enum Unevaluated
{
    /// <summary>A rule on the packet's path holds an expression the evaluator does not know (an xt match, a mark, a concatenation).</summary>
    Expression,

    /// <summary>A verdict it cannot follow (queue) or a jump to a chain that does not exist.</summary>
    Verdict,

    /// <summary>A NAT statement it cannot follow (a map of targets, a port range, a DNAT to this port it cannot tie to source ports).</summary>
    Nat,

    /// <summary>Jumps nested deeper than the kernel allows.</summary>
    Depth,

    /// <summary>The rules split the sources into more paths than the evaluator follows.</summary>
    Paths,

    /// <summary>libnftables.so.1 is not installed.</summary>
    NoLibrary,

    /// <summary>The exporter lacks CAP_NET_ADMIN, which reading the ruleset needs.</summary>
    NoPermission,

    /// <summary>The ruleset could not be read or parsed.</summary>
    ReadFailed,

    /// <summary>Legacy (x_tables) iptables rules are loaded too, which libnftables does not show.</summary>
    LegacyIptables,

    /// <summary>The listener lives in a network namespace whose ruleset is not read.</summary>
    Namespace,
}

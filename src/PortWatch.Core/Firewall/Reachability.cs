namespace PortWatch.Firewall;

/// <summary>Whether a new connection from outside the host would reach a listener, by the firewall's rules (issue 19).</summary>
internal enum Reachability
{
    /// <summary>No answer: no ruleset could be read, or it holds something the evaluator does not follow. Never a guess.</summary>
    Unknown,

    /// <summary>From any source, on some interface at least and every source on each.</summary>
    Yes,

    /// <summary>Only from some sources (an address allow-list) or only on some interfaces.</summary>
    Some,

    /// <summary>From no source outside the host.</summary>
    No,

    /// <summary>Bound to loopback, or the namespace has no interface but loopback: only from the host itself.</summary>
    Local,
}

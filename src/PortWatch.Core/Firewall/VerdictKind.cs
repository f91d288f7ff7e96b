namespace PortWatch.Firewall;

/// <summary>The verdicts a chain can give.</summary>
internal enum VerdictKind
{
    Accept,
    Drop,
    Continue,
    Return,
    Jump,
    Goto,
}

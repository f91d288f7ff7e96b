namespace PortWatch.Sockets;

/// <summary>Who can reach a listener, judged from the address it is bound to.</summary>
internal enum Exposure
{
    /// <summary>127.0.0.0/8, ::1, ::ffff:127.0.0.0/104: this host only.</summary>
    Loopback,

    /// <summary>0.0.0.0 or :: (or ::ffff:0.0.0.0): every address of the host.</summary>
    Wildcard,

    /// <summary>One address of the host.</summary>
    Specific,
}

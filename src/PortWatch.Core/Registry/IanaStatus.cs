namespace PortWatch.Registry;

/// <summary>
/// A port's standing in IANA's registry (the iana_status label; README's "Classification"), in order of precedence: where rows overlap, the
/// lower value wins.
/// </summary>
internal enum IanaStatus
{
    /// <summary>The registry names a service for the port and protocol.</summary>
    Assigned,

    /// <summary>The registry says Reserved (or IANA Reserved).</summary>
    Reserved,

    /// <summary>The registry's "any private ..." rows: set aside for private use.</summary>
    Private,

    /// <summary>Everything else: Unassigned, De-registered, Removed, no row at all, and the dynamic range.</summary>
    Unassigned,
}

namespace PortWatch.Registry;

/// <summary>RFC 6335's three port ranges.</summary>
internal enum PortRange
{
    /// <summary>0-1023, the well-known or system ports.</summary>
    System,

    /// <summary>1024-49151, the registered or user ports.</summary>
    User,

    /// <summary>49152-65535, the dynamic or private ports, never assigned.</summary>
    Dynamic,
}

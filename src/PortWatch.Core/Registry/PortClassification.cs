namespace PortWatch.Registry;

/// <summary>What IANA's registry says of one port and protocol.</summary>
/// <param name="Service">IANA's primary service name, or <c>none</c> when the port is not assigned.</param>
/// <param name="Description">The deciding row's description; empty when no row covers the port.</param>
/// <param name="UnauthorizedUse">The registry's "Known Unauthorized Uses" text; empty when none.</param>
internal sealed record PortClassification(
    string Protocol,
    int Port,
    PortRange Range,
    IanaStatus Status,
    string Service,
    string Description,
    string UnauthorizedUse);

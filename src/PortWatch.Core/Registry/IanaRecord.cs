namespace PortWatch.Registry;

/// <summary>One row of IANA's registry that has a port: a single port or a range, for one protocol or all.</summary>
/// <param name="Protocol">tcp, udp, sctp, dccp; null when the row names no protocol and so covers every one.</param>
/// <param name="ServiceName">The service name; empty for Reserved, Unassigned and private rows.</param>
internal sealed record IanaRecord(
    int Line,
    string ServiceName,
    int FirstPort,
    int LastPort,
    string? Protocol,
    string Description,
    string UnauthorizedUse,
    IanaStatus Status)
{
    public bool Covers(string protocol) => Protocol is null || Protocol == protocol;
}

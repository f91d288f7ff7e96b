namespace PortWatch.Netlink;

/// <summary>
/// What a datagram ended with, the error number it carried (0 for none), how many of its messages could not be read,
/// and how many carried another sequence number than the request's (skipped: not a reply to it).
/// </summary>
internal readonly record struct DatagramOutcome(DatagramEnd End, int Error, int Malformed, int Foreign = 0);

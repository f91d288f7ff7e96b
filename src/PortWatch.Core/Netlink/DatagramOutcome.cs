namespace PortWatch.Netlink;

/// <summary>What a datagram ended with, the error number it carried (0 for none), and how many of its messages could not be read.</summary>
internal readonly record struct DatagramOutcome(DatagramEnd End, int Error, int Malformed);

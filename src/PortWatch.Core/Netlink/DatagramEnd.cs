namespace PortWatch.Netlink;

/// <summary>How a datagram of a netlink reply ends.</summary>
internal enum DatagramEnd
{
    /// <summary>More datagrams follow (or, for a broadcast, it was read through).</summary>
    More,

    /// <summary><c>NLMSG_DONE</c>: the dump is complete, or failed with the error it carries.</summary>
    Done,

    /// <summary><c>NLMSG_ERROR</c>: the kernel refused the request.</summary>
    Error,
}

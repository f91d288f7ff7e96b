namespace PortWatch.Processes;

/// <summary>Which processes hold which socket inodes, and how much of the process table could be read.</summary>
/// <param name="ByInode">The processes holding each wanted inode, sorted by pid; inodes nobody was seen holding are absent.</param>
/// <param name="ProcessesScanned">Processes whose descriptors were read.</param>
/// <param name="ProcessesUnreadable">Processes whose descriptors could not be read (no permission).</param>
/// <param name="ProcessesVanished">Processes that exited while they were being read.</param>
internal sealed record SocketOwners(
    IReadOnlyDictionary<ulong, IReadOnlyList<ProcessInfo>> ByInode,
    int ProcessesScanned,
    int ProcessesUnreadable,
    int ProcessesVanished)
{
    public static SocketOwners None { get; } = new(new Dictionary<ulong, IReadOnlyList<ProcessInfo>>(), 0, 0, 0);
}

using PortWatch.ProcFs;

namespace PortWatch.Processes;

/// <summary>
/// Attribution that costs almost nothing in steady state. The owners of each listening inode are remembered
/// with each owner's start time; a scan checks each remembered owner's start time (one small read a process,
/// which tells a process that exited, and a pid the kernel gave to another) and the target of its
/// <c>exe</c> link (one readlink, which tells a binary deleted or replaced since: its class changes), and walks every
/// <c>/proc/&lt;pid&gt;/fd</c> only when an inode is new or its owners have gone, or every
/// <see cref="RefreshEvery"/> so that a socket passed to another process is seen too. An inode a walk could not
/// attribute (its owner is unreadable, or the kernel owns it) is not walked for again until the next refresh.
/// </summary>
internal sealed class OwnerCache(ProcFsRoot procFs, TimeProvider time)
{
    /// <summary>How often a full walk runs even when nothing seems to have changed.</summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(5);

    private readonly SocketOwnerResolver walker = new(procFs, new Owners.OwnerReader(procFs, time));
    private readonly ExecutableReader executables = new(procFs);
    private Dictionary<ulong, IReadOnlyList<ProcessInfo>> owners = [];
    private Dictionary<int, ulong> startTimes = [];
    private HashSet<ulong> unattributed = [];
    private SocketOwners lastWalk = SocketOwners.None;
    private DateTimeOffset lastWalkAt = DateTimeOffset.MinValue;
    private readonly Dictionary<int, bool> checkedPids = [];

    /// <summary>Full walks since this cache was made.</summary>
    public int Walks { get; private set; }

    /// <summary>
    /// The owners of <paramref name="inodes"/>. Their lists are the same objects from scan to scan while nothing
    /// changes, and the map may also hold inodes that have gone since the last walk (looked up by inode, they do no harm).
    /// </summary>
    public SocketOwners Resolve(IReadOnlyCollection<ulong> inodes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inodes);
        if (NeedsWalk(inodes))
        {
            var wanted = inodes.ToHashSet();
            var (walked, started) = walker.Walk(wanted, cancellationToken);
            owners = new Dictionary<ulong, IReadOnlyList<ProcessInfo>>(walked.ByInode);
            startTimes = new Dictionary<int, ulong>(started);
            unattributed = [.. wanted.Where(i => !owners.ContainsKey(i))];
            lastWalk = walked with { ByInode = owners };
            lastWalkAt = time.GetUtcNow();
            Walks++;
        }

        return lastWalk;
    }

    private bool NeedsWalk(IReadOnlyCollection<ulong> inodes)
    {
        if (time.GetUtcNow() - lastWalkAt >= RefreshEvery)
        {
            return true;
        }

        checkedPids.Clear();
        foreach (var inode in inodes)
        {
            if (unattributed.Contains(inode))
            {
                continue;
            }

            if (!owners.TryGetValue(inode, out var holders))
            {
                return true; // A socket not seen before.
            }

            foreach (var holder in holders)
            {
                if (!checkedPids.TryGetValue(holder.Pid, out var alive))
                {
                    alive = startTimes.TryGetValue(holder.Pid, out var started) && procFs.ReadStartTime(holder.Pid) == started
                        && executables.ReadLink(holder.Pid) == holder.Exe;
                    checkedPids[holder.Pid] = alive;
                }

                if (!alive)
                {
                    return true; // Its owner exited, the pid is another process's now, or its binary was deleted or replaced.
                }
            }
        }

        return false;
    }
}

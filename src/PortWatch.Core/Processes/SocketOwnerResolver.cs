using PortWatch.ProcFs;

namespace PortWatch.Processes;

/// <summary>
/// Finds the processes that hold given socket inodes by walking <c>/proc/&lt;pid&gt;/fd</c>. A socket shared by
/// forked workers is held by each of them; a process that exits mid-walk is skipped; a process whose
/// descriptors cannot be read (the exporter is not root) is counted, never fatal.
/// </summary>
internal sealed class SocketOwnerResolver(ProcFsRoot procFs)
{
    public SocketOwners Resolve(IReadOnlySet<ulong> inodes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inodes);
        var owners = new Dictionary<ulong, List<ProcessInfo>>();
        int scanned = 0, unreadable = 0, vanished = 0;
        var targets = new List<string>();
        foreach (var pid in procFs.EnumerateProcessIds())
        {
            cancellationToken.ThrowIfCancellationRequested();
            targets.Clear();
            switch (procFs.ReadFdTargets(pid, targets))
            {
                case FdReadOutcome.Denied:
                    unreadable++;
                    continue;
                case FdReadOutcome.Vanished:
                    vanished++;
                    continue;
            }

            scanned++;
            ProcessInfo? process = null;
            foreach (var target in targets)
            {
                if (!FdLink.TryParseSocketInode(target, out var inode) || !inodes.Contains(inode))
                {
                    continue;
                }

                process ??= new ProcessInfo(pid, ReadName(pid));
                if (!owners.TryGetValue(inode, out var holders))
                {
                    owners[inode] = holders = [];
                }

                if (holders.Count == 0 || holders[^1].Pid != pid)
                {
                    holders.Add(process); // A process may hold one socket through several descriptors.
                }
            }
        }

        var byInode = owners.ToDictionary(
            pair => pair.Key,
            pair => (IReadOnlyList<ProcessInfo>)[.. pair.Value.OrderBy(p => p.Pid)]);
        return new SocketOwners(byInode, scanned, unreadable, vanished);
    }

    private string ReadName(int pid) =>
        procFs.ReadComm(pid) is { } comm ? ProcessName.FromComm(comm) : ProcessName.Unknown;
}

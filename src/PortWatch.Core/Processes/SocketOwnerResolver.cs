using PortWatch.Owners;
using PortWatch.ProcFs;

namespace PortWatch.Processes;

/// <summary>
/// Finds the processes that hold given socket inodes by walking every <c>/proc/&lt;pid&gt;/fd</c>. A socket shared by
/// forked workers is held by each of them; a process that exits mid-walk is skipped; a process whose
/// descriptors cannot be read (the exporter is not root) is counted, never fatal. The walk is what attribution
/// costs; <see cref="OwnerCache"/> runs it only when an inode's owner is not known.
/// </summary>
internal sealed class SocketOwnerResolver(ProcFsRoot procFs, OwnerReader? ownerReader = null)
{
    private readonly OwnerReader owners = ownerReader ?? new OwnerReader(procFs, TimeProvider.System);
    private readonly ExecutableReader executables = new(procFs);

    public SocketOwners Resolve(IReadOnlySet<ulong> inodes, CancellationToken cancellationToken) =>
        Walk(inodes, cancellationToken).Owners;

    /// <summary>The walk, with the start time of every owner it found (to tell later whether it is still the same process).</summary>
    public (SocketOwners Owners, IReadOnlyDictionary<int, ulong> StartTimes) Walk(IReadOnlySet<ulong> inodes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inodes);
        var holdersByInode = new Dictionary<ulong, List<ProcessInfo>>();
        var startTimes = new Dictionary<int, ulong>();
        int scanned = 0, unreadable = 0, vanished = 0;
        var held = new List<ulong>();
        foreach (var pid in inodes.Count == 0 ? [] : procFs.EnumerateProcessIds())
        {
            cancellationToken.ThrowIfCancellationRequested();
            held.Clear();
            switch (procFs.ReadSocketInodes(pid, held))
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
            foreach (var inode in held)
            {
                if (!inodes.Contains(inode))
                {
                    continue;
                }

                if (process is null)
                {
                    var exe = executables.Read(pid);
                    process = new ProcessInfo(pid, ReadName(pid)) { Owner = owners.Read(pid), Exe = exe.Link, Executable = ExecutableClassifier.Classify(exe) };
                    if (procFs.ReadStartTime(pid) is { } started)
                    {
                        startTimes[pid] = started;
                    }
                }

                if (!holdersByInode.TryGetValue(inode, out var holders))
                {
                    holdersByInode[inode] = holders = [];
                }

                if (holders.Count == 0 || holders[^1].Pid != pid)
                {
                    holders.Add(process); // A process may hold one socket through several descriptors.
                }
            }
        }

        var byInode = holdersByInode.ToDictionary(
            pair => pair.Key,
            pair => (IReadOnlyList<ProcessInfo>)[.. pair.Value.OrderBy(p => p.Pid)]);
        return (new SocketOwners(byInode, scanned, unreadable, vanished), startTimes);
    }

    private string ReadName(int pid) =>
        procFs.ReadComm(pid) is { } comm ? ProcessName.FromComm(comm) : ProcessName.Unknown;
}

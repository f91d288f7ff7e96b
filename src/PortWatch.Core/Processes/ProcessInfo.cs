using PortWatch.Owners;

namespace PortWatch.Processes;

/// <summary>A process that holds a listening socket: its id and its command name (comm), made safe to print, and its stable owner from its cgroup.</summary>
internal sealed record ProcessInfo(int Pid, string Name)
{
    public ProcessOwner Owner { get; init; } = ProcessOwner.Unknown;
}

using PortWatch.Owners;

namespace PortWatch.Processes;

/// <summary>A process that holds a listening socket: its id and its command name (comm), made safe to print, and its stable owner from its cgroup.</summary>
internal sealed record ProcessInfo(int Pid, string Name)
{
    public ProcessOwner Owner { get; init; } = ProcessOwner.Unknown;

    /// <summary>The target of <c>&lt;pid&gt;/exe</c> (<c>/usr/sbin/sshd</c>, <c>/memfd:x (deleted)</c>); null when it cannot be read.</summary>
    public string? Exe { get; init; }

    /// <summary>Where the executable lives (<see cref="ExecutableClassifier"/>).</summary>
    public ExecutableClass Executable { get; init; } = ExecutableClass.Unknown;
}

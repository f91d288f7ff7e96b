using System.Globalization;
using PortWatch.ProcFs;

namespace PortWatch.Owners;

/// <summary>Reads a process's stable owner: its cgroup (<see cref="CgroupParser"/>), and its pod's name (<see cref="PodNames"/>).</summary>
internal sealed class OwnerReader(ProcFsRoot procFs, TimeProvider time)
{
    private readonly PodNames pods = new(procFs, time);

    /// <summary>The owner of <paramref name="pid"/>; <see cref="ProcessOwner.Unknown"/> when its cgroup cannot be read.</summary>
    public ProcessOwner Read(int pid)
    {
        if (procFs.ReadOptionalText(string.Create(CultureInfo.InvariantCulture, $"{pid}/cgroup")) is not { } text)
        {
            return ProcessOwner.Unknown;
        }

        return FromCgroup(text);
    }

    /// <summary>The owner a <c>/proc/&lt;pid&gt;/cgroup</c> text names (the tracer builds one from a cgroup id when the process has gone).</summary>
    public ProcessOwner FromCgroup(string text)
    {
        var cgroup = CgroupParser.Parse(text);
        var (pod, k8sNamespace) = pods.Resolve(cgroup);
        return new ProcessOwner(cgroup.Unit, cgroup.Container, pod, k8sNamespace);
    }
}

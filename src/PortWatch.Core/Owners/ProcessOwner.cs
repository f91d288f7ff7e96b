namespace PortWatch.Owners;

/// <summary>
/// The stable owner of a process, as its labels show it (docs/metrics.md): systemd unit, short container id, and
/// the Kubernetes pod with its namespace. <c>none</c> where one does not apply; <c>unknown</c> where it could not be read.
/// </summary>
internal sealed record ProcessOwner(string Unit, string Container, string Pod, string K8sNamespace)
{
    public const string UnknownValue = "unknown";

    /// <summary>A process whose cgroup could not be read, or a listener whose processes are not known.</summary>
    public static ProcessOwner Unknown { get; } = new(UnknownValue, UnknownValue, UnknownValue, UnknownValue);

    /// <summary>A process that is in no unit, container or pod.</summary>
    public static ProcessOwner None { get; } = new(CgroupOwner.NoneValue, CgroupOwner.NoneValue, CgroupOwner.NoneValue, CgroupOwner.NoneValue);
}

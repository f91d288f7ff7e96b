namespace PortWatch.Owners;

/// <summary>
/// What a process's cgroup says of it: its systemd unit, the container it runs in and the Kubernetes pod (by uid)
/// that container belongs to. <see cref="None"/> stands in for what does not apply.
/// </summary>
/// <param name="Unit">The innermost systemd unit (<c>sshd.service</c>, <c>session-3.scope</c>); <c>none</c> for a container's own scope.</param>
/// <param name="ContainerId">The full (64 hex digits) container id; <c>none</c> outside containers.</param>
/// <param name="PodUid">The Kubernetes pod uid (dashes, as the API shows it); <c>none</c> outside pods.</param>
/// <param name="Runtime">Where the container id came from: docker, containerd, cri-o, podman, kubernetes; <c>none</c>.</param>
internal sealed record CgroupOwner(string Unit, string ContainerId, string PodUid, string Runtime)
{
    public const string NoneValue = "none";

    /// <summary>The short container id (its first 12 hex digits, as docker ps and crictl ps show it); <c>none</c> outside containers.</summary>
    public string Container => ContainerId == NoneValue ? NoneValue : ContainerId[..12];

    public static CgroupOwner None { get; } = new(NoneValue, NoneValue, NoneValue, NoneValue);
}

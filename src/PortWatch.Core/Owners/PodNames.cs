using System.Collections.Concurrent;
using System.Text.Json;
using PortWatch.ProcFs;

namespace PortWatch.Owners;

/// <summary>
/// Names a Kubernetes pod from its container's runtime state, since a cgroup path names a pod by its uid only. Reads
/// the OCI <c>config.json</c> the runtime keeps for each running container, through the host's root as its init
/// process sees it (<c>&lt;procfs&gt;/1/root</c>, so the same path works on the host and in a container given the host's
/// /proc): containerd's <c>/run/containerd/io.containerd.runtime.v2.task/k8s.io/ID/config.json</c> (annotations
/// <c>io.kubernetes.cri.sandbox-name</c>, <c>-namespace</c> and <c>-uid</c>) and CRI-O's
/// <c>/run/containers/storage/overlay-containers/ID/userdata/config.json</c> (<c>io.kubernetes.pod.name</c>,
/// <c>.namespace</c> and <c>.uid</c>). The names are trusted only when the spec's pod uid is the cgroup's: a container
/// id alone could name another pod's state. Where the state cannot be read or does not agree, the pod is its uid and
/// the namespace <c>unknown</c>. A pod's name never changes, so what is found is kept while it is asked for; what is
/// not is tried again after a minute; entries not asked for in <see cref="ForgetAfter"/> (pods that are gone) are
/// forgotten.
/// </summary>
internal sealed class PodNames(ProcFsRoot procFs, TimeProvider time)
{
    /// <summary>How long a pod's names are kept after they were last asked for.</summary>
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromMinutes(15);

    private static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(1);

    private static readonly PodAnnotations[] Sources =
    [
        new("1/root/run/containerd/io.containerd.runtime.v2.task/k8s.io/{0}/config.json", "io.kubernetes.cri.sandbox-name", "io.kubernetes.cri.sandbox-namespace", "io.kubernetes.cri.sandbox-uid"),
        new("1/root/run/containers/storage/overlay-containers/{0}/userdata/config.json", "io.kubernetes.pod.name", "io.kubernetes.pod.namespace", "io.kubernetes.pod.uid"),
    ];

    private readonly ConcurrentDictionary<string, ((string Pod, string Namespace) Names, DateTimeOffset UsedAt)> found = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> missed = new(StringComparer.Ordinal);
    private DateTimeOffset lastForgetting = DateTimeOffset.MinValue;

    /// <summary>How many pods' names or misses are kept.</summary>
    public int Count => found.Count + missed.Count;

    /// <summary>The pod's name and namespace; (uid, <c>unknown</c>) when the runtime's state cannot be read or names another pod.</summary>
    public (string Pod, string Namespace) Resolve(CgroupOwner owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (owner.PodUid == CgroupOwner.NoneValue)
        {
            return (CgroupOwner.NoneValue, CgroupOwner.NoneValue);
        }

        var now = time.GetUtcNow();
        Forget(now);
        if (found.TryGetValue(owner.PodUid, out var known))
        {
            found[owner.PodUid] = (known.Names, now);
            return known.Names;
        }

        var fallback = (owner.PodUid, ProcessOwner.UnknownValue);
        if (owner.ContainerId == CgroupOwner.NoneValue
            || (missed.TryGetValue(owner.PodUid, out var at) && now - at < RetryAfter))
        {
            return fallback;
        }

        foreach (var source in Sources)
        {
            if (procFs.ReadOptionalText(string.Format(System.Globalization.CultureInfo.InvariantCulture, source.PathFormat, owner.ContainerId)) is { } json
                && source.Read(json, owner.PodUid) is { } names)
            {
                found[owner.PodUid] = (names, now);
                missed.TryRemove(owner.PodUid, out _);
                return names;
            }
        }

        missed[owner.PodUid] = now;
        return fallback;
    }

    // At most once a minute: entries not asked for in ForgetAfter go.
    private void Forget(DateTimeOffset now)
    {
        if (now - lastForgetting < RetryAfter)
        {
            return;
        }

        lastForgetting = now;
        foreach (var (uid, entry) in found)
        {
            if (now - entry.UsedAt > ForgetAfter)
            {
                found.TryRemove(uid, out _);
            }
        }

        foreach (var (uid, at) in missed)
        {
            if (now - at > ForgetAfter)
            {
                missed.TryRemove(uid, out _);
            }
        }
    }
}

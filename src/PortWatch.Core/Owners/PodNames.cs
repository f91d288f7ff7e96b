using System.Collections.Concurrent;
using System.Text.Json;
using PortWatch.ProcFs;

namespace PortWatch.Owners;

/// <summary>
/// Names a Kubernetes pod from its container's runtime state, since a cgroup path names a pod by its uid only. Reads
/// the OCI <c>config.json</c> the runtime keeps for each running container, through the host's root as its init
/// process sees it (<c>&lt;procfs&gt;/1/root</c>, so the same path works on the host and in a container given the host's
/// /proc): containerd's <c>/run/containerd/io.containerd.runtime.v2.task/k8s.io/ID/config.json</c> (annotations
/// <c>io.kubernetes.cri.sandbox-name</c> and <c>-namespace</c>) and CRI-O's
/// <c>/run/containers/storage/overlay-containers/ID/userdata/config.json</c> (<c>io.kubernetes.pod.name</c> and
/// <c>.namespace</c>). Where neither can be read, the pod is its uid and the namespace <c>unknown</c>. A pod's name
/// never changes, so what is found is kept; what is not is tried again after a minute.
/// </summary>
internal sealed class PodNames(ProcFsRoot procFs, TimeProvider time)
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(1);

    private static readonly (string PathFormat, string NameKey, string NamespaceKey)[] Sources =
    [
        ("1/root/run/containerd/io.containerd.runtime.v2.task/k8s.io/{0}/config.json", "io.kubernetes.cri.sandbox-name", "io.kubernetes.cri.sandbox-namespace"),
        ("1/root/run/containers/storage/overlay-containers/{0}/userdata/config.json", "io.kubernetes.pod.name", "io.kubernetes.pod.namespace"),
    ];

    private readonly ConcurrentDictionary<string, (string Pod, string Namespace)> found = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> missed = new(StringComparer.Ordinal);

    /// <summary>The pod's name and namespace; (uid, <c>unknown</c>) when the runtime's state cannot be read.</summary>
    public (string Pod, string Namespace) Resolve(CgroupOwner owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (owner.PodUid == CgroupOwner.NoneValue)
        {
            return (CgroupOwner.NoneValue, CgroupOwner.NoneValue);
        }

        if (found.TryGetValue(owner.PodUid, out var known))
        {
            return known;
        }

        var fallback = (owner.PodUid, ProcessOwner.UnknownValue);
        if (owner.ContainerId == CgroupOwner.NoneValue
            || (missed.TryGetValue(owner.PodUid, out var at) && time.GetUtcNow() - at < RetryAfter))
        {
            return fallback;
        }

        foreach (var (format, nameKey, namespaceKey) in Sources)
        {
            if (procFs.ReadOptionalText(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, owner.ContainerId)) is { } json
                && Annotations(json, nameKey, namespaceKey) is { } names)
            {
                found[owner.PodUid] = names;
                missed.TryRemove(owner.PodUid, out _);
                return names;
            }
        }

        missed[owner.PodUid] = time.GetUtcNow();
        return fallback;
    }

    /// <summary>The two annotations of an OCI runtime spec; null when the text is not such a spec or lacks them.</summary>
    public static (string Pod, string Namespace)? Annotations(string json, string nameKey, string namespaceKey)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("annotations", out var annotations)
                && annotations.ValueKind == JsonValueKind.Object
                && annotations.TryGetProperty(nameKey, out var name) && name.ValueKind == JsonValueKind.String
                && annotations.TryGetProperty(namespaceKey, out var ns) && ns.ValueKind == JsonValueKind.String
                && name.GetString() is { Length: > 0 } podName && ns.GetString() is { Length: > 0 } podNamespace)
            {
                return (OwnerText.Escape(podName), OwnerText.Escape(podNamespace));
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not a runtime spec (InvalidOperationException: a string holding a lone surrogate, such as "\udfff"): the pod keeps its uid.
        }

        return null;
    }
}

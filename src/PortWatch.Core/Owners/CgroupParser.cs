namespace PortWatch.Owners;

/// <summary>
/// Reads a process's owner from the text of <c>/proc/&lt;pid&gt;/cgroup</c>: a pure function, for cgroup v2
/// (<c>0::/path</c>), v1 (<c>N:controllers:/path</c>) and the hybrid of both. The path is taken from the v2 line,
/// else from the <c>name=systemd</c> hierarchy, else from the first controller that is not at the root. The
/// container and pod come from the names each runtime gives its cgroups: docker (<c>docker-ID.scope</c>,
/// <c>/docker/ID</c>), containerd (<c>cri-containerd-ID.scope</c>, <c>…:cri-containerd:ID</c>), CRI-O
/// (<c>crio-ID.scope</c>), podman (<c>libpod-ID.scope</c>), and Kubernetes pods (<c>kubepods-…-pod&lt;uid&gt;.slice</c>,
/// <c>/kubepods/…/pod&lt;uid&gt;/ID</c>), within the kubelet's layout only.
/// </summary>
internal static class CgroupParser
{
    private const int FullIdLength = 64;

    private static readonly (string Prefix, string Runtime)[] ScopePrefixes =
    [
        ("docker-", "docker"),
        ("cri-containerd-", "containerd"),
        ("crio-", "cri-o"),
        ("libpod-", "podman"),
    ];

    private static readonly (string Infix, string Runtime)[] NamespacedInfixes =
    [
        (":cri-containerd:", "containerd"),
        (":crio:", "cri-o"),
        (":docker:", "docker"),
    ];

    /// <summary>The owner the file describes; <see cref="CgroupOwner.None"/> for text with no usable path.</summary>
    public static CgroupOwner Parse(string text) =>
        PathOf(text) is { } path ? ParsePath(path) : CgroupOwner.None;

    /// <summary>The cgroup path that names the process's place: v2 first, then the systemd hierarchy, then any controller.</summary>
    public static string? PathOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string? v2 = null, systemd = null, other = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var first = line.IndexOf(':', StringComparison.Ordinal);
            var second = first < 0 ? -1 : line.IndexOf(':', first + 1);
            if (second < 0)
            {
                continue; // Not "id:controllers:path": skipped.
            }

            var controllers = line.AsSpan(first + 1, second - first - 1);
            var path = line[(second + 1)..];
            if (path.Length == 0 || path[0] != '/')
            {
                continue;
            }

            if (line.AsSpan(0, first) is "0" && controllers.IsEmpty)
            {
                v2 = path;
            }
            else if (controllers is "name=systemd")
            {
                systemd = path;
            }
            else if (path != "/")
            {
                other ??= path;
            }
        }

        // In hybrid mode the v2 line often sits at the root while the systemd hierarchy carries the path.
        return v2 is not null && v2 != "/" ? v2 : systemd ?? other ?? v2;
    }

    /// <summary>
    /// The owner named by a cgroup path such as <c>/system.slice/docker-0123….scope</c>. Units do not nest (they nest
    /// only through slices), so the unit is the first <c>.service</c> or <c>.scope</c> on the path, or the first inside a
    /// container; what lies below a unit is that unit's delegated subtree, named as its owner likes. Below a user's
    /// service manager (<c>user@UID.service</c>, delegated to that user), the unit is reported as the user's
    /// (<c>user@1000.service/nginx.service</c>) and nothing below it is taken for a container or a pod, so that a user
    /// cannot choose labels that match a system unit's, a container's or a pod's <c>expected</c> entry. A pod uid is
    /// taken only from the kubelet's own layout (<see cref="KubeletCgroups"/>).
    /// </summary>
    public static CgroupOwner ParsePath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var kubeletRoot = KubeletCgroups.RootLength(segments);
        string unit = CgroupOwner.NoneValue, container = CgroupOwner.NoneValue, pod = CgroupOwner.NoneValue, runtime = CgroupOwner.NoneValue;
        var inUnit = false;
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (KubeletCgroups.IsUserManager(segment))
            {
                unit = UserUnit(segments, i);
                break; // The user's delegated subtree: nothing below is the system's.
            }

            // containerd's own cgroupsPath, written as root: slice:runtime:id in one segment.
            var colon = segment.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && KubeletCgroups.PodUidOf(segment[..colon]) is { } sliceUid)
            {
                pod = sliceUid;
            }

            if (kubeletRoot > 0 && i >= kubeletRoot && !inUnit && KubeletCgroups.PodUidOf(segment) is { } uid)
            {
                pod = uid;
                runtime = runtime == CgroupOwner.NoneValue ? "kubernetes" : runtime;
                continue;
            }

            if (ContainerOf(segment, i > 0 ? segments[i - 1] : null, pod != CgroupOwner.NoneValue) is { } found)
            {
                (container, runtime) = (found.Id, found.Runtime);
                unit = CgroupOwner.NoneValue; // The container's own scope is not the unit of what runs inside it.
                inUnit = false; // What runs inside it has units of its own.
                continue;
            }

            if (!inUnit && IsUnit(segment))
            {
                unit = OwnerText.Escape(segment); // A unit inside a container is named by the container.
                inUnit = true;
            }
        }

        return new CgroupOwner(unit, container, pod, runtime);
    }

    // user@UID.service, and the first unit below it: a user's unit, reported as the user's.
    private static string UserUnit(string[] segments, int manager)
    {
        for (var i = manager + 1; i < segments.Length; i++)
        {
            if (IsUnit(segments[i]))
            {
                return segments[manager] + "/" + OwnerText.Escape(segments[i]);
            }
        }

        return segments[manager];
    }

    private static bool IsUnit(string segment) =>
        segment.EndsWith(".service", StringComparison.Ordinal) || segment.EndsWith(".scope", StringComparison.Ordinal);

    private static (string Id, string Runtime)? ContainerOf(string segment, string? parent, bool underPod)
    {
        foreach (var (prefix, runtime) in ScopePrefixes)
        {
            if (segment.StartsWith(prefix, StringComparison.Ordinal) && segment.EndsWith(".scope", StringComparison.Ordinal))
            {
                var id = segment[prefix.Length..^".scope".Length];
                if (IsContainerId(id))
                {
                    return (id, runtime); // libpod-conmon-ID and crio-conmon-ID are not containers: not hex.
                }
            }
        }

        foreach (var (infix, runtime) in NamespacedInfixes)
        {
            var at = segment.IndexOf(infix, StringComparison.Ordinal);
            if (at >= 0 && IsContainerId(segment[(at + infix.Length)..]))
            {
                return (segment[(at + infix.Length)..], runtime);
            }
        }

        if (IsContainerId(segment))
        {
            // cgroupfs layouts: /docker/ID, /kubepods/<qos>/pod<uid>/ID, /libpod_parent/libpod-…; a bare id elsewhere is a guess we do not make.
            if (parent is "docker")
            {
                return (segment, "docker");
            }

            if (underPod)
            {
                return (segment, "kubernetes");
            }
        }

        return null;
    }

    private static bool IsContainerId(string text) =>
        text.Length == FullIdLength && text.All(char.IsAsciiHexDigitLower);
}

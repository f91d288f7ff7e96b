namespace PortWatch.Owners;

/// <summary>
/// The kubelet's own cgroup layout, the one place a pod uid is taken from: below <c>/kubepods</c> (cgroupfs driver),
/// <c>/kubepods.slice</c> (systemd driver) or <c>/kubelet.slice/kubelet-kubepods.slice</c> (kind and other nested
/// kubelets), a pod is <c>pod&lt;uid&gt;</c> or <c>kubepods-&lt;qos&gt;-pod&lt;uid&gt;.slice</c>. Elsewhere a segment that
/// looks like a pod may have been named by a user in a delegated subtree, and is not one.
/// </summary>
internal static class KubeletCgroups
{
    /// <summary>How many leading segments make the kubelet's root (where pods begin); 0 when the path is not below it.</summary>
    public static int RootLength(string[] segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        if (segments.Length > 0 && segments[0] is "kubepods" or "kubepods.slice")
        {
            return 1;
        }

        return segments.Length > 1 && segments[0] == "kubelet.slice" && segments[1] == "kubelet-kubepods.slice" ? 2 : 0;
    }

    /// <summary>Whether a segment is a user's service manager, <c>user@UID.service</c>, which systemd delegates to that user.</summary>
    public static bool IsUserManager(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        const string Prefix = "user@", Suffix = ".service";
        return segment.Length > Prefix.Length + Suffix.Length
            && segment.StartsWith(Prefix, StringComparison.Ordinal)
            && segment.EndsWith(Suffix, StringComparison.Ordinal)
            && segment.AsSpan(Prefix.Length, segment.Length - Prefix.Length - Suffix.Length).ContainsAnyExceptInRange('0', '9') is false;
    }

    /// <summary>The pod uid of <c>kubepods-burstable-pod0a1b_….slice</c> or <c>pod0a1b-…</c>; null for any other segment.</summary>
    public static string? PodUidOf(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var candidate = segment;
        if ((candidate.StartsWith("kubepods", StringComparison.Ordinal) || candidate.StartsWith("kubelet-kubepods", StringComparison.Ordinal))
            && candidate.EndsWith(".slice", StringComparison.Ordinal))
        {
            var at = candidate.LastIndexOf("-pod", StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            candidate = candidate[(at + 1)..^".slice".Length].Replace('_', '-');
        }

        if (!candidate.StartsWith("pod", StringComparison.Ordinal))
        {
            return null;
        }

        var uid = candidate[3..];
        return IsUid(uid) ? uid : null;
    }

    /// <summary>A uid as Kubernetes writes it: 8-4-4-4-12 lowercase hex digits.</summary>
    public static bool IsUid(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length != 36)
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var dash = i is 8 or 13 or 18 or 23;
            if (dash ? text[i] != '-' : !char.IsAsciiHexDigitLower(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}

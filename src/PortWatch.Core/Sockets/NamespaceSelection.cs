using PortWatch.ProcFs;

namespace PortWatch.Sockets;

/// <summary>
/// Which other network namespaces a scan reads when more exist than <c>--scan.max-namespaces</c> allows. Anyone may
/// make namespaces (<c>unshare -rn</c>), and each read costs two netlink sockets and a dump, so the count is capped.
/// The host's namespace is always read (it is not among these); then those read by the last scan, so that namespaces
/// made later cannot push out the containers already watched; then the lowest inodes, an order that does not change
/// from scan to scan.
/// </summary>
internal static class NamespaceSelection
{
    /// <param name="found">Every namespace but the host's, by inode.</param>
    /// <param name="readBefore">Those the last scan read.</param>
    /// <param name="limit">The most to read; 0 or less for no limit.</param>
    /// <param name="leftOut">How many of <paramref name="found"/> are not read.</param>
    /// <returns>Those to read, by inode.</returns>
    public static IReadOnlyList<NetworkNamespace> Choose(IReadOnlyDictionary<ulong, NetworkNamespace> found, IReadOnlySet<ulong> readBefore, int limit, out int leftOut)
    {
        ArgumentNullException.ThrowIfNull(found);
        ArgumentNullException.ThrowIfNull(readBefore);
        if (limit <= 0 || found.Count <= limit)
        {
            leftOut = 0;
            return [.. found.Values.OrderBy(n => n.Inode)];
        }

        leftOut = found.Count - limit;
        return [.. found.Values.OrderBy(n => readBefore.Contains(n.Inode) ? 0 : 1).ThenBy(n => n.Inode).Take(limit).OrderBy(n => n.Inode)];
    }
}

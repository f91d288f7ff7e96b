namespace PortWatch.Sockets;

/// <summary>The names of the ways other namespaces are read, in <c>portwatch_scan_namespaces_info{access}</c>.</summary>
internal static class NamespaceAccessLabels
{
    public static string ToLabel(this NamespaceAccess access) => access switch
    {
        NamespaceAccess.Netlink => "netlink",
        NamespaceAccess.Procfs => "procfs",
        _ => "none",
    };
}

namespace PortWatch.Sockets;

/// <summary>How the listeners of network namespaces other than the exporter's are read.</summary>
internal enum NamespaceAccess
{
    /// <summary>They are not: only the exporter's own namespace is scanned (<c>--scan.namespaces=host</c>, or no right to see others).</summary>
    None,

    /// <summary>Through each namespace's <c>/proc/&lt;pid&gt;/net</c> tables: no capability needed beyond seeing the processes; no destroy events.</summary>
    Procfs,

    /// <summary>Through a sock_diag socket made inside each namespace (setns, CAP_SYS_ADMIN), with its destroy events.</summary>
    Netlink,
}

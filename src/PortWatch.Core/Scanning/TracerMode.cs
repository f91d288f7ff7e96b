namespace PortWatch.Scanning;

/// <summary>Whether to run the eBPF tracer (<c>--scan.tracer</c>).</summary>
internal enum TracerMode
{
    /// <summary>When the kernel and the exporter's rights allow it; otherwise without, saying why.</summary>
    Auto,

    /// <summary>Always: a tracer that cannot start stops the exporter's start.</summary>
    Ebpf,

    /// <summary>Never: scans and destroy events only.</summary>
    None,
}

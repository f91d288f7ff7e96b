namespace PortWatch.ProcFs;

/// <summary>What happened when a process's file descriptors were listed.</summary>
internal enum FdReadOutcome
{
    /// <summary>The descriptors were read.</summary>
    Read,

    /// <summary>The process exited while the scan ran.</summary>
    Vanished,

    /// <summary>No permission (the exporter runs without root or CAP_DAC_READ_SEARCH/CAP_SYS_PTRACE).</summary>
    Denied,
}

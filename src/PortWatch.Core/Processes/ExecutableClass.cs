namespace PortWatch.Processes;

/// <summary>
/// Where a process's executable lives, worst first (the order of <c>executable</c> over several owners): a binary that
/// hides (memfd, deleted) pages, one that others can change warns, a replaced one (upgraded, not restarted) informs.
/// </summary>
internal enum ExecutableClass
{
    /// <summary>Executed from memory: the link reads <c>/memfd:... (deleted)</c>.</summary>
    Memfd,

    /// <summary>The binary was unlinked and nothing is at its path now.</summary>
    Deleted,

    /// <summary>The binary, or a directory above it, can be written by someone other than root.</summary>
    Writable,

    /// <summary>The link says deleted, but a file stands at the path again, as after a package upgrade.</summary>
    Replaced,

    /// <summary>A regular file on disk that only root can change.</summary>
    File,

    /// <summary>The link cannot be read (no CAP_SYS_PTRACE over the process).</summary>
    Unknown,

    /// <summary>No process: a kernel socket, or one whose owner could not be found.</summary>
    None,
}

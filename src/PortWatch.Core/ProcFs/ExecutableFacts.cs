namespace PortWatch.ProcFs;

/// <summary>
/// What <c>&lt;pid&gt;/exe</c> says of a process's executable, read by <see cref="ExecutableReader"/>.
/// </summary>
/// <param name="Link">The link's target as the kernel prints it (<c>/usr/sbin/sshd</c>, <c>/memfd:x (deleted)</c>, <c>/opt/a (deleted)</c>); null when it cannot be read.</param>
/// <param name="Denied">The link could not be read for want of a right (CAP_SYS_PTRACE over another user's process).</param>
/// <param name="AtPath">The running file, then each directory above the link's path up to the root, seen in the process's own root (<c>&lt;pid&gt;/root</c>); for a deleted binary, what stands at its path now (empty when nothing).</param>
internal sealed record ExecutableFacts(string? Link, bool Denied, IReadOnlyList<FileOwnership> AtPath)
{
    public static ExecutableFacts DeniedFacts { get; } = new(null, true, []);

    public static ExecutableFacts Gone { get; } = new(null, false, []);
}

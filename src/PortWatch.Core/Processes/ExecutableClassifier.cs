using PortWatch.ProcFs;

namespace PortWatch.Processes;

/// <summary>
/// Classifies a process's executable from <see cref="ExecutableFacts"/>: a pure function, judged by the file system's
/// owners and modes, never by path names. Writable means a non-root owner, or a group or other write bit, on the file
/// or on any directory above it (<c>/tmp</c> and <c>/dev/shm</c> have both, a user's home its owner).
/// </summary>
internal static class ExecutableClassifier
{
    private const uint GroupOrOtherWrite = 0b000_010_010; // 0o022

    public static ExecutableClass Classify(ExecutableFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.Link is not { } link)
        {
            return ExecutableClass.Unknown; // Denied, or the process is exiting: a process without a readable link is never "none".
        }

        if (link.StartsWith("/memfd:", StringComparison.Ordinal))
        {
            return ExecutableClass.Memfd;
        }

        var deleted = link.EndsWith(" (deleted)", StringComparison.Ordinal);
        if (deleted && facts.AtPath.Count == 0)
        {
            return ExecutableClass.Deleted;
        }

        if (!link.StartsWith('/'))
        {
            return ExecutableClass.Unknown; // Not a path: an anonymous mapping the kernel names otherwise.
        }

        if (facts.AtPath.Any(f => f.Uid != 0 || (f.Mode & GroupOrOtherWrite) != 0))
        {
            return ExecutableClass.Writable;
        }

        return deleted ? ExecutableClass.Replaced : ExecutableClass.File;
    }

    /// <summary>The worst of several owners' classes (the lowest value); <see cref="ExecutableClass.None"/> for none.</summary>
    public static ExecutableClass Worst(IEnumerable<ExecutableClass> classes)
    {
        ArgumentNullException.ThrowIfNull(classes);
        var worst = ExecutableClass.None;
        foreach (var c in classes)
        {
            worst = c < worst ? c : worst;
        }

        return worst;
    }

    public static string ToLabel(this ExecutableClass value) => value switch
    {
        ExecutableClass.Memfd => "memfd",
        ExecutableClass.Deleted => "deleted",
        ExecutableClass.Writable => "writable",
        ExecutableClass.Replaced => "replaced",
        ExecutableClass.File => "file",
        ExecutableClass.Unknown => "unknown",
        _ => "none",
    };
}

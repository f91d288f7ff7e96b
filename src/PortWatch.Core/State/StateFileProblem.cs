namespace PortWatch.State;

/// <summary>What is wrong with a state file; the first four are why a start moves the file aside (<see cref="StateReset"/>).</summary>
internal enum StateFileProblem
{
    /// <summary>The file exists but cannot be read (permissions, an I/O error).</summary>
    Unreadable,

    /// <summary>Not a JSON state record: garbage, cut short, null.</summary>
    Malformed,

    /// <summary>A state record of a version this PortWatch does not read.</summary>
    Version,

    /// <summary>A JSON state record with a wrong entry: a field missing or wrong, a listener listed twice.</summary>
    Invalid,

    /// <summary>The file's directory does not exist: a configuration mistake, not a damaged record.</summary>
    NoDirectory,

    /// <summary>The file cannot be written (full disk, read-only file system, permissions).</summary>
    Write,

    /// <summary>Users other than the directory's owner may write it (others' write bit, or a group's other than root's): refused at start.</summary>
    UnsafeDirectory,
}

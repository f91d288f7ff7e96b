using System.Runtime.InteropServices;

namespace PortWatch.Files;

/// <summary>The libc calls .NET does not offer: opening a directory (O_DIRECTORY) to fsync it, and asking whether a process lives.</summary>
internal static unsafe partial class FileSyscalls
{
    public const int ReadOnly = 0;
    public const int OpenDirectory = 0x10000;
    public const int CloseOnExec = 0x80000;
    public const int Eintr = 4;
    public const int Eperm = 1;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    public static partial int Open(byte* path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int Sync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    /// <summary>kill(2); with signal 0 it only asks whether the process exists.</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}

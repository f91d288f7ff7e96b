using System.Runtime.InteropServices;

namespace PortWatch.Files;

/// <summary>The libc calls .NET does not offer: opening a directory (O_DIRECTORY) to fsync it, creating a file
/// that must not exist yet (O_EXCL, O_NOFOLLOW), reading a directory's mode, and asking whether a process lives.</summary>
internal static unsafe partial class FileSyscalls
{
    public const int ReadOnly = 0;
    public const int OpenDirectory = 0x10000;
    public const int CloseOnExec = 0x80000;
    public const int Eintr = 4;
    public const int Eperm = 1;
    public const int Eexist = 17;
    public const int WriteOnly = 1;
    public const int Create = 0x40;
    public const int Exclusive = 0x80;

    /// <summary>O_NOFOLLOW: 0400000 on x86-64, 0100000 on arm64 (the two architectures the image is built for).</summary>
    public static int NoFollow => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x8000 : 0x20000;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    public static partial int Open(byte* path, int flags, int mode);

    public const int AtEmptyPath = 0x1000;
    public const uint StatxMode = 0x2;
    public const int AtCurrentDirectory = -100;
    public const uint StatxGid = 0x10;
    public const int StatxLength = 256;
    public const int StatxGidOffset = 24;
    public const int StatxModeOffset = 28;

    /// <summary>statx(2): its <c>struct statx</c> has one layout on every architecture, unlike <c>struct stat</c>.</summary>
    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    public static partial int Statx(int directory, byte* path, int flags, uint mask, byte* buffer);

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

using System.Runtime.InteropServices;

namespace PortWatch.ProcFs;

/// <summary>The libc calls behind the allocation-free walk of /proc: open a directory, list it, read links and small files.</summary>
internal static unsafe partial class ProcFsSyscalls
{
    public const int ReadOnly = 0;
    public const int OpenDirectory = 0x10000;
    public const int CloseOnExec = 0x80000;
    public const int Eintr = 4;
    public const int Eacces = 13;
    public const int Eperm = 1;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    public static partial int Open(byte* path, int flags);

    [LibraryImport("libc", EntryPoint = "getdents64", SetLastError = true)]
    public static partial nint GetDirectoryEntries(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "readlinkat", SetLastError = true)]
    public static partial nint ReadLinkAt(int directory, byte* path, byte* buffer, nint size);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    public const int AdviseRandom = 1;
    public const int AdviseDontNeed = 4;

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    public static partial int Advise(nint address, nuint length, int advice);
}

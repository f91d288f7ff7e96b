using System.Runtime.InteropServices;

namespace PortWatch.ProcFs;

/// <summary>The libc calls behind the allocation-free walk of /proc: open a directory, list it, read links and small files, and tell a namespace file by its inode.</summary>
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

    public const int AtEmptyPath = 0x1000;
    public const uint StatxInode = 0x100;
    public const int StatxLength = 256;
    public const int StatxInodeOffset = 32;

    /// <summary>statx(2): its <c>struct statx</c> has one layout on every architecture, unlike <c>struct stat</c>.</summary>
    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    public static partial int Statx(int directory, byte* path, int flags, uint mask, byte* buffer);

    /// <summary>NS_GET_NSTYPE, <c>_IO(0xb7, 0x3)</c>: the CLONE_NEW* type of a namespace file.</summary>
    public const nuint NamespaceGetType = 0xb703;
    public const int CloneNewNet = 0x40000000;

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int IoControl(int fd, nuint request);
}

using System.Runtime.InteropServices;

namespace PortWatch.ProcFs;

/// <summary>statx(2): one layout on every architecture (stat's differs between x86-64 and arm64).</summary>
internal static unsafe partial class ExecutableSyscalls
{
    public const int AtCurrentDirectory = -100;
    public const uint MaskModeAndOwner = 0x2 | 0x8; // STATX_MODE | STATX_UID
    public const int StatxLength = 256;
    public const int UidOffset = 20;
    public const int ModeOffset = 28;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    public static partial int Statx(int directory, byte* path, int flags, uint mask, byte* buffer);
}

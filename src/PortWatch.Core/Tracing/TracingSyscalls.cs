using System.Runtime.InteropServices;

namespace PortWatch.Tracing;

/// <summary>The libc calls of the tracer besides libbpf: the monotonic clock its events are stamped with, and the cgroup directory it attaches to.</summary>
internal static unsafe partial class TracingSyscalls
{
    private const int ClockMonotonic = 1;
    private const int ORdOnly = 0;
    private const int ODirectory = 0x10000;
    private const int OCloexec = 0x80000;

    /// <summary>CLOCK_MONOTONIC in nanoseconds: the clock of <c>bpf_ktime_get_ns</c>.</summary>
    public static ulong MonotonicNanoseconds()
    {
        TimeSpec now;
        return ClockGetTime(ClockMonotonic, &now) == 0 ? (ulong)now.Seconds * 1_000_000_000UL + (ulong)now.Nanoseconds : 0;
    }

    /// <summary>Opens a directory for <c>bpf_program__attach_cgroup</c>; -1 and errno when it cannot.</summary>
    public static int OpenDirectory(string path)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
        {
            return Open(p, ORdOnly | ODirectory | OCloexec);
        }
    }

    /// <summary>The inode of <paramref name="path"/> (statx: the same layout on every architecture); null when it cannot be read.</summary>
    public static ulong? InodeOf(string path)
    {
        const int AtFdCwd = -100;
        const uint StatxIno = 0x100;
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        var buffer = stackalloc byte[256];
        fixed (byte* p = bytes)
        {
            // struct statx: stx_ino is the u64 at offset 32.
            return Statx(AtFdCwd, p, 0, StatxIno, buffer) == 0 ? *(ulong*)(buffer + 32) : null;
        }
    }

    [LibraryImport("libc", EntryPoint = "close")]
    public static partial int CloseFd(int fd);

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, TimeSpec* time);

    [LibraryImport("libc", EntryPoint = "statx")]
    private static partial int Statx(int directoryFd, byte* path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static partial int Open(byte* path, int flags);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}

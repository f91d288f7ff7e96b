using System.Runtime.InteropServices;

namespace PortWatch.IntegrationTests.Infrastructure;

/// <summary>Whether the tests run as root (and so can bind port 12 and read every process).</summary>
internal static partial class Privileges
{
    public static bool IsRoot => GetEffectiveUserId() == 0;

    public static void Signal(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}

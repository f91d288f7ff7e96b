using System.Runtime.InteropServices;

namespace PortWatch.IntegrationTests.Infrastructure;

/// <summary>What the tests may do on this machine: as root (CI) everything; as a user, tests that need more skip and say why.</summary>
internal static partial class Privileges
{
    public const string NeedsRootToBindPrivilegedPorts =
        "binding ports below 1024 needs root or CAP_NET_BIND_SERVICE, which this run does not have; as root (CI) this test runs";

    public const string NeedsRootToSwitchUser =
        "running the exporter as another user (setpriv) needs root, which this run does not have; as root (CI) this test runs";

    public const string NeedsRootToMount =
        "mounting a small or read-only tmpfs needs root (CAP_SYS_ADMIN), which this run does not have, and root ignores permission bits, so chmod cannot stand in; as root (CI) this test runs";

    public const string NeedsRootToPackage =
        "debootstrap, chroot, mounting /proc in a root file system and dockerd need root, which this run does not have; as root (CI) this test runs";

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

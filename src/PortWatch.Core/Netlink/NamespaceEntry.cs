using System.ComponentModel;
using System.Runtime.InteropServices;

namespace PortWatch.Netlink;

/// <summary>
/// Makes kernel objects in another network namespace: a netlink socket belongs for good to the namespace of the thread
/// that created it, so the work runs on a thread of its own that enters the namespace (setns, which needs
/// CAP_SYS_ADMIN) and then ends. No thread of the exporter's pool ever changes namespace.
/// </summary>
internal static class NamespaceEntry
{
    /// <summary>
    /// Runs <paramref name="work"/> inside network namespace <paramref name="inode"/>, which <paramref name="namespacePath"/>
    /// named when it was found; throws what it throws, why setns failed, or an <see cref="IOException"/> when the path
    /// names another namespace now (checked on the opened descriptor, the one setns enters).
    /// </summary>
    public static T Run<T>(string namespacePath, ulong inode, Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(namespacePath);
        ArgumentNullException.ThrowIfNull(work);
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = ProcFs.NamespaceFile.OpenChecked(namespacePath, inode);
                if (NetlinkSyscalls.SetNamespace(handle.DangerousGetHandle().ToInt32(), NetlinkSyscalls.CloneNewNet) != 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    throw new Win32Exception(errno, $"setns({namespacePath}): {new Win32Exception(errno).Message}");
                }

                result = work();
            }
            catch (Exception e)
            {
                failure = e;
            }
        })
        {
            IsBackground = true,
            Name = "portwatch-netns",
        };
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }

        return result;
    }
}

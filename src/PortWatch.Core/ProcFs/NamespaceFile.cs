using Microsoft.Win32.SafeHandles;

namespace PortWatch.ProcFs;

/// <summary>
/// What an opened namespace file is: the inode of the network namespace it names, read from the open descriptor
/// (statx of the fd), never from its name. A <c>/run/netns</c> entry is a bind mount whose <c>/proc/self/fd</c>
/// link reads as its path, not as <c>net:[inode]</c>; and a name may come to stand for another namespace (a bind
/// mount replaced, a pid reused) between the moment it was found and the moment it is opened.
/// </summary>
internal static unsafe class NamespaceFile
{
    /// <summary>The inode of the network namespace <paramref name="handle"/> is open on; null when it is not one (another kind of namespace, a plain file).</summary>
    public static ulong? NetworkNamespaceInode(SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var fd = (int)handle.DangerousGetHandle();
        if (ProcFsSyscalls.IoControl(fd, ProcFsSyscalls.NamespaceGetType) != ProcFsSyscalls.CloneNewNet)
        {
            return null;
        }

        var buffer = stackalloc byte[ProcFsSyscalls.StatxLength];
        byte empty = 0;
        if (ProcFsSyscalls.Statx(fd, &empty, ProcFsSyscalls.AtEmptyPath, ProcFsSyscalls.StatxInode, buffer) != 0)
        {
            return null;
        }

        return *(ulong*)(buffer + ProcFsSyscalls.StatxInodeOffset);
    }

    /// <summary>
    /// Opens <paramref name="path"/> and checks that it still names network namespace <paramref name="inode"/>: the
    /// handle to enter it by (setns) is the one that was checked, so nothing can change between the check and the use.
    /// </summary>
    /// <exception cref="IOException">It names another namespace now, or none.</exception>
    public static SafeFileHandle OpenChecked(string path, ulong inode)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        var actual = NetworkNamespaceInode(handle);
        if (actual != inode)
        {
            handle.Dispose();
            throw new IOException(actual is { } other
                ? $"{path} names network namespace {other.ToString(System.Globalization.CultureInfo.InvariantCulture)} now, not {inode.ToString(System.Globalization.CultureInfo.InvariantCulture)} as when it was found: skipped"
                : $"{path} is no longer a network namespace: skipped");
        }

        return handle;
    }
}

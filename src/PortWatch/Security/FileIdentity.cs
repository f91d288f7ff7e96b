using System.IO.Hashing;

namespace PortWatch.Security;

/// <summary>
/// What tells a file's new version from its old: where its symbolic links end (a Kubernetes secret's
/// <c>..data</c> link is swapped whole), its size, its modification time, and a hash (XXH3) of its content. The
/// hash is there because a file renamed over another (as certificate tools rotate them) may keep the old one's
/// size and modification time (<c>cp -p</c>, <c>tar</c>), and .NET gives neither the inode nor the change time
/// without a system call of its own, which the layering keeps to the kernel folders. The files are a few kilobytes
/// and are looked at once a second at most, when a connection or request comes.
/// </summary>
internal readonly record struct FileIdentity(string Target, bool Exists, long Length, long Modified, ulong Content)
{
    public static FileIdentity Of(string path)
    {
        try
        {
            var target = File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
            var info = new FileInfo(target);
            return info.Exists
                ? new FileIdentity(target, true, info.Length, info.LastWriteTimeUtc.Ticks, XxHash3.HashToUInt64(File.ReadAllBytes(target)))
                : new FileIdentity(target, false, 0, 0, 0);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Unreadable now (or a path no file system holds): reading it for the configuration will say why.
            return new FileIdentity(path, false, -1, 0, 0);
        }
    }
}

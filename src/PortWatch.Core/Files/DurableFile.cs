using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace PortWatch.Files;

/// <summary>
/// Replaces a file so that a crash at any moment leaves either the old content or the new, whole: the new
/// content goes to a temporary file in the same directory (<c>NAME.tmp-PID</c>, created with O_EXCL|O_NOFOLLOW so
/// that nothing planted at that name is ever followed), which is fsynced, renamed over
/// the old one (rename(2) is atomic within a file system), and then the directory is fsynced, so that the
/// rename itself is on disk before the caller is told the write is done. A process killed mid-write leaves
/// its temporary file behind; <see cref="RemoveLeftovers"/> deletes those.
/// </summary>
internal static class DurableFile
{
    private const string TemporaryInfix = ".tmp-";

    /// <summary>The temporary file a write of <paramref name="path"/> by this process uses.</summary>
    public static string TemporaryPath(string path) => path + TemporaryInfix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes <paramref name="path"/> atomically and durably with what <paramref name="write"/> puts in the stream.</summary>
    /// <exception cref="IOException">A step failed (full disk, read-only file system, missing directory); the old file is untouched and no temporary file is left.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory may not be written.</exception>
    public static void Replace(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var temporary = TemporaryPath(path);
        try
        {
            using (var stream = new FileStream(CreateExclusive(temporary), FileAccess.Write))
            {
                write(stream);
                stream.Flush(flushToDisk: true); // fsync(2): the data is on disk before the name points at it.
            }

            File.Move(temporary, path, overwrite: true); // rename(2)
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            DeleteIfPossible(temporary);
            throw;
        }

        SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>
    /// Creates <paramref name="path"/>, which must not exist: O_CREAT|O_EXCL|O_NOFOLLOW, so that a name planted there
    /// (a symlink to a file root must not overwrite, a file of someone else's) is never opened. What is there already
    /// is unlinked (unlink never follows a link) and the create tried once more; a second refusal is an error.
    /// </summary>
    private static unsafe Microsoft.Win32.SafeHandles.SafeFileHandle CreateExclusive(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        const int mode = 0x1b6; // 0666, less the umask: what a plain create gives.
        var flags = FileSyscalls.WriteOnly | FileSyscalls.Create | FileSyscalls.Exclusive | FileSyscalls.NoFollow | FileSyscalls.CloseOnExec;
        for (var attempt = 0; ; attempt++)
        {
            int fd;
            fixed (byte* name = bytes)
            {
                do
                {
                    fd = FileSyscalls.Open(name, flags, mode);
                }
                while (fd < 0 && Marshal.GetLastPInvokeError() == FileSyscalls.Eintr);
            }

            if (fd >= 0)
            {
                return new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true);
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno != FileSyscalls.Eexist || attempt > 0 || !DeleteIfPossible(path))
            {
                throw new IOException($"create of {path}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
            }
        }
    }

    /// <summary>fsync(2) of a directory, so that the names in it (a rename, a new file) survive a power cut.</summary>
    /// <exception cref="IOException">The directory cannot be opened or synced.</exception>
    public static unsafe void SyncDirectory(string directory)
    {
        var bytes = Encoding.UTF8.GetBytes(directory + "\0");
        int fd;
        fixed (byte* name = bytes)
        {
            do
            {
                fd = FileSyscalls.Open(name, FileSyscalls.ReadOnly | FileSyscalls.OpenDirectory | FileSyscalls.CloseOnExec);
            }
            while (fd < 0 && Marshal.GetLastPInvokeError() == FileSyscalls.Eintr);
        }

        if (fd < 0)
        {
            throw Failure("open", directory);
        }

        try
        {
            if (FileSyscalls.Sync(fd) != 0)
            {
                throw Failure("fsync", directory);
            }
        }
        finally
        {
            _ = FileSyscalls.Close(fd);
        }
    }

    /// <summary>
    /// Deletes the temporary files that writes of <paramref name="path"/> by killed processes left behind; returns how
    /// many. Call it before this process first writes the file.
    /// </summary>
    public static int RemoveLeftovers(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var prefix = Path.GetFileName(path) + TemporaryInfix;
        var removed = 0;
        try
        {
            foreach (var leftover in Directory.EnumerateFiles(directory, prefix + "*"))
            {
                // Only NAME.tmp-PID, the names this class writes, of a process that is gone or of this one (which has not
                // begun to write: in a container every run is pid 1): never a file someone else put there, nor the write
                // in progress of another live process (two exporters on one file).
                var suffix = Path.GetFileName(leftover)[prefix.Length..];
                if (int.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                    && (pid == Environment.ProcessId || !IsAlive(pid))
                    && DeleteIfPossible(leftover))
                {
                    removed++;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A directory that cannot be listed: the leftovers stay, and harm nothing (nothing reads them).
        }

        return removed;
    }

    private static bool IsAlive(int pid) => FileSyscalls.Kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() == FileSyscalls.Eperm;

    // Cleanup of a failed write must not replace the error that says why (File.Delete throws when the directory is gone).
    private static bool DeleteIfPossible(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static IOException Failure(string call, string directory)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"{call} of directory {directory}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }
}

using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using static PortWatch.ProcFs.ProcFsSyscalls;

namespace PortWatch.ProcFs;

/// <summary>
/// Lists a directory with getdents64 into a stack buffer and hands each name to a callback as bytes, with the
/// directory's descriptor for readlinkat: no string, no FileInfo, nothing on the heap for a whole /proc/&lt;pid&gt;/fd.
/// </summary>
internal static unsafe class DirectoryEntries
{
    /// <summary>The d_type of a directory (DT_DIR); 0 (DT_UNKNOWN) where the filesystem does not say.</summary>
    public const byte DirectoryType = 4;

    /// <summary>An entry: its name (no terminating zero), its d_type, and the open directory it is in.</summary>
    public delegate void Visitor<TState>(ref TState state, int directory, ReadOnlySpan<byte> name, byte type);

    /// <summary>Visits every entry but <c>.</c> and <c>..</c>; returns 0, or the errno that stopped it from opening the directory.</summary>
    public static int Visit<TState>(ReadOnlySpan<byte> pathWithZero, ref TState state, Visitor<TState> visitor)
    {
        int fd;
        fixed (byte* path = pathWithZero)
        {
            fd = Open(path, ReadOnly | OpenDirectory | CloseOnExec);
        }

        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        try
        {
            var buffer = stackalloc byte[8192];
            while (true)
            {
                var length = GetDirectoryEntries(fd, buffer, 8192);
                if (length <= 0)
                {
                    return length == 0 ? 0 : Marshal.GetLastPInvokeError();
                }

                var entries = new ReadOnlySpan<byte>(buffer, (int)length);
                while (entries.Length >= 19)
                {
                    // struct linux_dirent64 { u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]; }
                    var recordLength = BinaryPrimitives.ReadUInt16LittleEndian(entries[16..]);
                    if (recordLength < 19 || recordLength > entries.Length)
                    {
                        break;
                    }

                    var name = entries[19..recordLength];
                    name = name[..Math.Max(0, name.IndexOf((byte)0))];
                    if (!(name.SequenceEqual("."u8) || name.SequenceEqual(".."u8)))
                    {
                        visitor(ref state, fd, name, entries[18]);
                    }

                    entries = entries[recordLength..];
                }
            }
        }
        finally
        {
            Close(fd);
        }
    }

    /// <summary>Reads the target of <paramref name="name"/> in <paramref name="directory"/> into <paramref name="target"/>; returns its length, or -1.</summary>
    public static int ReadLink(int directory, ReadOnlySpan<byte> name, Span<byte> target)
    {
        Span<byte> path = stackalloc byte[name.Length + 1];
        name.CopyTo(path);
        path[^1] = 0;
        fixed (byte* pathBytes = path)
        fixed (byte* targetBytes = target)
        {
            return (int)ReadLinkAt(directory, pathBytes, targetBytes, target.Length);
        }
    }

    /// <summary>Reads up to <paramref name="buffer"/>'s length of a small file (such as /proc/&lt;pid&gt;/stat); returns the length, or -1.</summary>
    public static int ReadFile(ReadOnlySpan<byte> pathWithZero, Span<byte> buffer)
    {
        int fd;
        fixed (byte* path = pathWithZero)
        {
            fd = Open(path, ReadOnly | CloseOnExec);
        }

        if (fd < 0)
        {
            return -1;
        }

        try
        {
            fixed (byte* bytes = buffer)
            {
                var total = 0;
                while (total < buffer.Length)
                {
                    var read = Read(fd, bytes + total, buffer.Length - total);
                    if (read <= 0)
                    {
                        return read < 0 && total == 0 ? -1 : total;
                    }

                    total += (int)read;
                }

                return total;
            }
        }
        finally
        {
            Close(fd);
        }
    }

    /// <summary>A path as a zero-terminated UTF-8 string, for the calls above.</summary>
    public static byte[] Path(string path)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }
}

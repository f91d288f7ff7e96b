using System.Globalization;
using System.Text;

namespace PortWatch.Files;

/// <summary>
/// Whether users other than the exporter's could plant names in a directory the exporter writes (as root, often):
/// refused when every user may write it, sticky bit or not (in a sticky directory another user still makes names of
/// their own, the state file's among them, for root to read or to fail on), and when its group may and that group
/// is not root's (gid 0: the container image's directory is 1654:0 mode 0770, so that the image's user and a root
/// without DAC_OVERRIDE can both write it). The owner is trusted: it is the one who chose the directory.
/// </summary>
internal static unsafe class PrivateDirectory
{
    private const int GroupWrite = 0x10; // 0020
    private const int OtherWrite = 0x2; // 0002

    /// <summary>Why others can write <paramref name="directory"/>; null when they cannot (or it cannot be examined: the write will say).</summary>
    public static string? WhyOthersCanWrite(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var bytes = Encoding.UTF8.GetBytes(directory + "\0");
        var buffer = stackalloc byte[FileSyscalls.StatxLength];
        fixed (byte* name = bytes)
        {
            if (FileSyscalls.Statx(FileSyscalls.AtCurrentDirectory, name, 0, FileSyscalls.StatxMode | FileSyscalls.StatxGid, buffer) != 0)
            {
                return null;
            }
        }

        var gid = *(uint*)(buffer + FileSyscalls.StatxGidOffset);
        var mode = *(ushort*)(buffer + FileSyscalls.StatxModeOffset) & 0xfff;
        var octal = Convert.ToString(mode, 8).PadLeft(4, '0');
        var who = (mode & OtherWrite) != 0 ? "every user"
            : (mode & GroupWrite) != 0 && gid != 0 ? $"group {gid.ToString(CultureInfo.InvariantCulture)}"
            : null;
        return who is null
            ? null
            : $"directory {directory} (mode {octal}) can be written by {who}: another user could plant names in it for the exporter to write through (chmod o-w,g-w it, or choose a directory only the exporter's user writes)";
    }
}

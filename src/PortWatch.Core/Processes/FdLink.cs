using System.Globalization;

namespace PortWatch.Processes;

/// <summary>Reads the target of a <c>/proc/&lt;pid&gt;/fd/&lt;n&gt;</c> link: <c>socket:[12345]</c> names a socket inode.</summary>
internal static class FdLink
{
    private const string Prefix = "socket:[";

    public static bool TryParseSocketInode(ReadOnlySpan<char> target, out ulong inode)
    {
        inode = 0;
        return target.StartsWith(Prefix, StringComparison.Ordinal)
            && target.EndsWith(']')
            && ulong.TryParse(target[Prefix.Length..^1], NumberStyles.None, CultureInfo.InvariantCulture, out inode);
    }
}

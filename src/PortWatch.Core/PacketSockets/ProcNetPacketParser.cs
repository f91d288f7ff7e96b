using System.Globalization;
using PortWatch.Netlink;
using PortWatch.Sockets;

namespace PortWatch.PacketSockets;

/// <summary>
/// Parses the text of /proc/net/packet (<c>sk RefCnt Type Proto Iface R Rmem User Inode</c>; Proto is the ethertype
/// in hex, Iface the interface index, 0 for any): a pure function. The file does not show filters, so each socket's
/// filter is unknown. Lines it cannot read are skipped and counted.
/// </summary>
internal static class ProcNetPacketParser
{
    private const int Fields = 9;

    /// <returns>The number of lines that could not be read.</returns>
    public static int Parse(string text, List<PacketSocketRecord> sockets)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sockets);
        var malformed = 0;
        var first = true;
        Span<Range> fields = stackalloc Range[Fields + 1];
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            var line = rawLine.Trim();
            if (line.IsEmpty)
            {
                continue;
            }

            if (first && line.StartsWith("sk", StringComparison.Ordinal))
            {
                first = false;
                continue;
            }

            first = false;
            var count = line.SplitAny(fields, " \t", StringSplitOptions.RemoveEmptyEntries);
            if (count >= Fields
                && ushort.TryParse(line[fields[3]], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var protocol)
                && int.TryParse(line[fields[4]], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && uint.TryParse(line[fields[7]], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
                && ulong.TryParse(line[fields[8]], NumberStyles.None, CultureInfo.InvariantCulture, out var inode))
            {
                sockets.Add(new PacketSocketRecord(PacketSocketKind.Packet, protocol, null, index, PacketFilter.Unknown, uid, inode));
            }
            else
            {
                malformed++;
            }
        }

        return malformed;
    }
}

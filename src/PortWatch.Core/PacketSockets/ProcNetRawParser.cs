using System.Globalization;
using PortWatch.Netlink;
using PortWatch.Sockets;

namespace PortWatch.PacketSockets;

/// <summary>
/// Parses the text of /proc/net/raw and /proc/net/raw6: UDP's format, where the local "port" is the IP protocol
/// number the socket receives. Every line is a raw socket, bound or connected. The file shows neither the bound
/// interface nor a filter: both are unknown. A pure function; lines it cannot read are skipped and counted.
/// </summary>
internal static class ProcNetRawParser
{
    private const int MinimumFields = 10;

    /// <returns>The number of lines that could not be read.</returns>
    public static int Parse(string text, IpFamily family, List<PacketSocketRecord> sockets)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sockets);
        var malformed = 0;
        var first = true;
        Span<Range> fields = stackalloc Range[MinimumFields + 1];
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            var line = rawLine.Trim();
            if (line.IsEmpty)
            {
                continue;
            }

            if (first && line.StartsWith("sl", StringComparison.Ordinal))
            {
                first = false;
                continue;
            }

            first = false;
            var count = line.SplitAny(fields, " \t", StringSplitOptions.RemoveEmptyEntries);
            if (count >= MinimumFields
                && line[fields[0]].EndsWith(':')
                && ProcNetAddress.TryParseEndpoint(line[fields[1]], family, BitConverter.IsLittleEndian, out _, out var protocol)
                && uint.TryParse(line[fields[7]], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
                && ulong.TryParse(line[fields[9]], NumberStyles.None, CultureInfo.InvariantCulture, out var inode))
            {
                sockets.Add(new PacketSocketRecord(PacketSocketKind.Raw, protocol, family, null, PacketFilter.Unknown, uid, inode));
            }
            else
            {
                malformed++;
            }
        }

        return malformed;
    }
}

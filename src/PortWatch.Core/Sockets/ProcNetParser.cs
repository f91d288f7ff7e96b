using System.Globalization;
using System.Net;

namespace PortWatch.Sockets;

/// <summary>
/// Parses the text of /proc/net/{tcp,tcp6,udp,udp6}: a pure function, tested on captured files.
/// Keeps TCP sockets in LISTEN and UDP sockets that are bound and unconnected; skips and counts every line it
/// cannot read (after the header, the first line) rather than failing the scan.
/// </summary>
internal static class ProcNetParser
{
    private const int TcpListen = 0x0A;
    private const int UdpUnconnected = 0x07; // TCP_CLOSE: bound, not connected.
    private const int MinimumFields = 10; // sl, local, remote, st, tx:rx, tr:when, retrnsmt, uid, timeout, inode.

    /// <param name="text">The file's whole text, header included.</param>
    /// <param name="protocol">The table's protocol.</param>
    /// <param name="family">The table's family.</param>
    /// <param name="littleEndian">Whether the kernel that wrote the file is little-endian: addresses are printed
    /// as 32-bit words in the kernel's byte order. Defaults to this machine's.</param>
    public static ProcNetParseResult Parse(string text, TransportProtocol protocol, IpFamily family, bool littleEndian)
    {
        ArgumentNullException.ThrowIfNull(text);
        var listeners = new List<SocketRecord>();
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

            // The kernel's header ("sl local_address ...") is the first line; a line like it anywhere else is not a socket.
            if (first && line.StartsWith("sl", StringComparison.Ordinal))
            {
                first = false;
                continue;
            }

            first = false;

            if (TryParseLine(line, fields, protocol, family, littleEndian, out var record, out var listening))
            {
                if (listening)
                {
                    listeners.Add(record);
                }
            }
            else
            {
                malformed++;
            }
        }

        return new ProcNetParseResult(listeners, malformed);
    }

    public static ProcNetParseResult Parse(string text, TransportProtocol protocol, IpFamily family) =>
        Parse(text, protocol, family, BitConverter.IsLittleEndian);

    private static bool TryParseLine(
        ReadOnlySpan<char> line,
        Span<Range> fields,
        TransportProtocol protocol,
        IpFamily family,
        bool littleEndian,
        out SocketRecord record,
        out bool listening)
    {
        record = default;
        listening = false;
        var count = line.SplitAny(fields, " \t", StringSplitOptions.RemoveEmptyEntries);
        if (count < MinimumFields || !line[fields[0]].EndsWith(':'))
        {
            return false;
        }

        if (!ProcNetAddress.TryParseEndpoint(line[fields[1]], family, littleEndian, out var address, out var port)
            || !ProcNetAddress.TryParseEndpoint(line[fields[2]], family, littleEndian, out var remoteAddress, out var remotePort)
            || !int.TryParse(line[fields[3]], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var state)
            || !uint.TryParse(line[fields[7]], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
            || !ulong.TryParse(line[fields[9]], NumberStyles.None, CultureInfo.InvariantCulture, out var inode))
        {
            return false;
        }

        listening = protocol == TransportProtocol.Tcp
            ? state == TcpListen
            : state == UdpUnconnected && remotePort == 0 && IsUnspecified(remoteAddress);
        record = new SocketRecord(protocol, family, address, port, inode, uid);
        return true;
    }

    private static bool IsUnspecified(IPAddress address) =>
        address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);
}

using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace PortWatch.Sockets;

/// <summary>
/// Decodes the <c>ADDRESS:PORT</c> fields of /proc/net tables. The address is printed as 32-bit words in
/// the kernel's byte order (one word for IPv4, four for IPv6); the port is printed in host order.
/// </summary>
internal static class ProcNetAddress
{
    public static bool TryParseEndpoint(ReadOnlySpan<char> field, IpFamily family, bool littleEndian, out IPAddress address, out int port)
    {
        address = IPAddress.None;
        port = 0;
        var colon = field.IndexOf(':');
        var hexLength = family == IpFamily.IPv4 ? 8 : 32;
        if (colon != hexLength || field.Length != colon + 5
            || !int.TryParse(field[(colon + 1)..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out port))
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[hexLength / 2];
        for (var word = 0; word < hexLength / 8; word++)
        {
            if (!uint.TryParse(field.Slice(word * 8, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            var destination = bytes.Slice(word * 4, 4);
            if (littleEndian)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(destination, value);
            }
            else
            {
                BinaryPrimitives.WriteUInt32BigEndian(destination, value);
            }
        }

        address = new IPAddress(bytes);
        return true;
    }
}

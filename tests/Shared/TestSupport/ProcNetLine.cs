using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;

namespace PortWatch.TestSupport;

/// <summary>
/// Writes lines of /proc/net/{tcp,tcp6,udp,udp6} as a little-endian kernel prints them, independently of the
/// parser under test: each 32-bit word of the address in host (little-endian) order, the port in hex.
/// </summary>
internal static class ProcNetLine
{
    public const string Tcp4Header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
    public const string Tcp6Header = "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";

    public const string Listen = "0A";
    public const string Established = "01";
    public const string UdpUnconnected = "07";

    public static string Format(int slot, string address, int port, string state, ulong inode, string? remote = null, int remotePort = 0, uint uid = 0)
    {
        var local = IPAddress.Parse(address);
        var remoteAddress = remote is null
            ? (local.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any)
            : IPAddress.Parse(remote);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{slot,4}: {Hex(local)}:{port:X4} {Hex(remoteAddress)}:{remotePort:X4} {state} 00000000:00000000 00:00000000 00000000 {uid,5}        0 {inode} 1 0000000000000000 100 0 0 10 0");
    }

    /// <summary>A whole table: header and lines.</summary>
    public static string Table(bool ipv6, params string[] lines) =>
        string.Join('\n', [ipv6 ? Tcp6Header : Tcp4Header, .. lines]) + "\n";

    private static string Hex(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        var text = new StringBuilder();
        for (var word = 0; word < bytes.Length; word += 4)
        {
            text.Append(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(word, 4)).ToString("X8", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}

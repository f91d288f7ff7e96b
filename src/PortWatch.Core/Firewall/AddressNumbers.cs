using System.Net;
using System.Net.Sockets;

namespace PortWatch.Firewall;

/// <summary>IP addresses as the numbers <see cref="IntervalSet"/> holds: IPv4 in 32 bits, IPv6 in 128.</summary>
internal static class AddressNumbers
{
    public static UInt128 Of(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var length);
        UInt128 value = 0;
        for (var i = 0; i < length; i++)
        {
            value = (value << 8) | bytes[i];
        }

        return value;
    }

    public static int Bits(AddressFamily family) => family == AddressFamily.InterNetwork ? 32 : 128;

    /// <summary>The addresses of <paramref name="address"/>/<paramref name="length"/>.</summary>
    public static IntervalSet Prefix(IPAddress address, int length)
    {
        var bits = Bits(address.AddressFamily);
        if (length < 0 || length > bits)
        {
            throw new FormatException($"prefix length {length} is out of range for {address}");
        }

        var host = bits - length;
        var hostMask = host == 128 ? UInt128.MaxValue : (UInt128.One << host) - 1;
        var low = Of(address) & ~hostMask;
        return IntervalSet.Range(low, low | hostMask);
    }

    /// <summary>Every address of the family.</summary>
    public static IntervalSet All(AddressFamily family) =>
        IntervalSet.Range(0, family == AddressFamily.InterNetwork ? uint.MaxValue : UInt128.MaxValue);

    public static IntervalSet Prefix(string address, int length) => Prefix(IPAddress.Parse(address), length);
}

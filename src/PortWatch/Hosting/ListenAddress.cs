using System.Globalization;
using System.Net;

namespace PortWatch.Hosting;

/// <summary>
/// A listen address in Prometheus's form: <c>host:port</c>, where an empty host means every address (IPv4 and
/// IPv6), <c>localhost</c> means both loopbacks, and an IPv6 host is bracketed.
/// </summary>
internal sealed record ListenAddress(string Text, IPAddress? Address, bool IsLocalhost, int Port)
{
    public static ListenAddress Parse(string text) =>
        TryParse(text, out var address, out var error) ? address : throw new FormatException(error);

    public static bool TryParse(string text, out ListenAddress address, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        address = null!;
        error = $"\"{text}\" is not a listen address: expected [host]:port, such as :10133, 127.0.0.1:10133, [::1]:10133";
        var colon = text.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            return false;
        }

        var host = text[..colon];
        if (host.Length == 0)
        {
            address = new ListenAddress(text, null, false, port);
            return true;
        }

        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = new ListenAddress(text, null, true, port);
            return true;
        }

        var bracketed = host.StartsWith('[') && host.EndsWith(']');
        if (!IPAddress.TryParse(bracketed ? host[1..^1] : host, out var ip)
            || (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6) != bracketed)
        {
            return false;
        }

        address = new ListenAddress(text, ip, false, port);
        return true;
    }

    public override string ToString() => Text;
}

using System.Globalization;

namespace PortWatch.ProcFs;

/// <summary>The kernel's ephemeral port range (<c>net.ipv4.ip_local_port_range</c>, which IPv6 shares): ports the kernel gives to sockets bound to port 0.</summary>
internal readonly record struct EphemeralPorts(int First, int Last)
{
    /// <summary>Linux's default, for when the sysctl cannot be read.</summary>
    public static EphemeralPorts Default { get; } = new(32768, 60999);

    /// <summary>Reads the sysctl's text, two numbers separated by white space; null when it is not that.</summary>
    public static EphemeralPorts? Parse(string? text)
    {
        var fields = (text ?? "").Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 2
            && int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            && first <= last && last <= 65535
            ? new EphemeralPorts(first, last)
            : null;
    }

    public bool Contains(int port) => port >= First && port <= Last;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{First}-{Last}");
}

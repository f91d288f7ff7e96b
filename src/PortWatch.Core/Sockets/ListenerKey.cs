using System.Net;

namespace PortWatch.Sockets;

/// <summary>
/// The identity of a listener: protocol, family, address, port and network namespace, never the
/// pid. Sockets that share it (SO_REUSEPORT groups, a socket inherited by forked workers) are one listener.
/// </summary>
/// <param name="Netns">The inode of its network namespace; 0 for the exporter's own.</param>
internal readonly record struct ListenerKey(TransportProtocol Protocol, IpFamily Family, IPAddress Address, int Port, ulong Netns = 0)
{
    public const string HostNamespace = "host";

    public static ListenerKey Of(SocketRecord socket) => new(socket.Protocol, socket.Family, socket.Address, socket.Port, socket.Netns);

    /// <summary>The <c>netns</c> label: <c>host</c> for the exporter's own namespace, else the namespace's inode.</summary>
    public string NetnsText => NetnsLabel(Netns);

    public static string NetnsLabel(ulong netns) =>
        netns == 0 ? HostNamespace : netns.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reads a <c>netns</c> label back: <c>host</c> is 0; null for anything that is neither it nor a number.</summary>
    public static ulong? ParseNetns(string text) =>
        text == HostNamespace ? 0
        : ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var inode) && inode != 0 ? inode
        : null;

    public bool Equals(ListenerKey other) =>
        Port == other.Port && Protocol == other.Protocol && Family == other.Family && Netns == other.Netns
        && (ReferenceEquals(Address, other.Address) || Address.Equals(other.Address));

    public override int GetHashCode() => HashCode.Combine(Port, (int)Protocol, Address, Netns);

    /// <summary>The address as <c>ss -n</c> prints it, without brackets: 0.0.0.0, ::, ::1, ::ffff:127.0.0.1.</summary>
    public string AddressText => Address.ToString();

    public override string ToString() =>
        $"{Protocol.ToLabel()} {(Family == IpFamily.IPv6 ? $"[{AddressText}]" : AddressText)}:{Port}{(Netns == 0 ? "" : $" in netns {NetnsText}")}";
}

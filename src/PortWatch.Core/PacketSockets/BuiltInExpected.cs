using PortWatch.Listeners;

namespace PortWatch.PacketSockets;

/// <summary>
/// The network daemons that hold packet or raw sockets for their work (DHCP clients, NetworkManager, wpa_supplicant,
/// lldpd), expected out of the box by the path of their executable, never by their command name, which a process
/// chooses (BPFDoor calls itself <c>dbus-daemon</c>). Both the merged-/usr paths and the old ones are listed; the
/// link of <c>/proc/&lt;pid&gt;/exe</c> is canonical, so a memfd or a deleted copy never matches. Listed in
/// docs/metrics.md; <c>ScanOptions.BuiltInExpected</c> (<c>--[no-]scan.builtin-expected</c>, <c>scan: builtin_expected</c>) turns it off.
/// </summary>
internal static class BuiltInExpected
{
    public static IReadOnlyList<string> Executables { get; } =
    [
        "/usr/sbin/dhclient", "/sbin/dhclient",
        "/usr/sbin/dhcpcd", "/sbin/dhcpcd",
        "/usr/lib/systemd/systemd-networkd", "/lib/systemd/systemd-networkd",
        "/usr/sbin/NetworkManager",
        "/usr/sbin/wpa_supplicant", "/sbin/wpa_supplicant",
        "/usr/sbin/lldpd",
    ];

    /// <summary>The entries: each executable, for packet and for raw sockets.</summary>
    public static IReadOnlyList<ExpectedListener> Entries { get; } =
    [
        .. Executables.SelectMany(exe => new[] { "packet", "raw" }.Select(kind =>
            new ExpectedListener(null, null, null, null, null) { Exe = exe, Kind = kind })),
    ];
}

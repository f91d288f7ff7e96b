namespace PortWatch.IntegrationTests.Infrastructure;

/// <summary>
/// Listeners the tests open on fixed ports whose classification README's "Classification" fixes, and ephemeral ones on
/// every family and address kind. The privileged ports need root or CAP_NET_BIND_SERVICE.
/// </summary>
internal static class ClassifiedListeners
{
    /// <summary>(spec, exposure, range, iana_status, iana_service) of each fixed-port listener; all but the last are privileged.</summary>
    public static IReadOnlyList<(string Spec, string Exposure, string Range, string Status, string Service)> Fixed { get; } =
    [
        ("tcp:0.0.0.0:12", "wildcard", "system", "unassigned", "none"),
        ("udp:0.0.0.0:12", "wildcard", "system", "unassigned", "none"),
        ("tcp:127.0.0.1:13", "loopback", "system", "assigned", "daytime"),
        ("tcp:[::1]:24", "loopback", "system", "private", "none"),
        ("udp:[::]:225", "wildcard", "system", "reserved", "none"),
        ("tcp:127.0.0.1:1200", "loopback", "user", "assigned", "scol"),
    ];

    /// <summary>TCP and UDP on 127.0.0.1, ::1, 0.0.0.0 and :: with ports the kernel picks, and the exposure of each.</summary>
    public static IReadOnlyList<(string Spec, string Exposure)> Ephemeral { get; } =
    [
        ("tcp:127.0.0.1:0", "loopback"), ("tcp:[::1]:0", "loopback"), ("tcp:0.0.0.0:0", "wildcard"), ("tcp:[::]:0", "wildcard"),
        ("udp:127.0.0.1:0", "loopback"), ("udp:[::1]:0", "loopback"), ("udp:0.0.0.0:0", "wildcard"), ("udp:[::]:0", "wildcard"),
    ];
}

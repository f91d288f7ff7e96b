using System.Net;
using PortWatch.Listeners;
using PortWatch.Processes;
using PortWatch.Registry;
using PortWatch.Scanning;
using PortWatch.Sockets;
using PortWatch.State;
using PortWatch.TestSupport;

namespace PortWatch.Tests.TestSupport;

/// <summary>Listeners and scan results built the way a scan builds them, for tests of what consumes them.</summary>
internal static class TestListeners
{
    public static readonly DateTimeOffset Baseline = DateTimeOffset.FromUnixTimeMilliseconds(1_772_366_400_000);
    public static readonly DateTimeOffset Now = Baseline.AddSeconds(90.25);
    private static readonly PortRegistry Registry = TestRegistry.Small();

    public static Listener Listener(string protocol, string address, int port, ProcessInfo[]? processes = null, bool expected = false, DateTimeOffset? firstSeen = null)
    {
        SocketLabels.TryParseProtocol(protocol, out var parsed).ShouldBeTrueOrThrow(protocol);
        var ip = IPAddress.Parse(address);
        var family = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? IpFamily.IPv4 : IpFamily.IPv6;
        var key = new ListenerKey(parsed, family, ip, port);
        var sightings = new Dictionary<ListenerKey, ListenerSighting> { [key] = new(firstSeen ?? Baseline, Now) };
        var owners = new SocketOwners(new Dictionary<ulong, IReadOnlyList<ProcessInfo>> { [1] = processes ?? [] }, 1, 0, 0);
        ExpectedListener[] expectedList = expected ? [new(null, port, port, null, null)] : [];
        return ListenerBuilder.Build([new SocketRecord(parsed, family, ip, port, 1, 0)], owners, Registry, expectedList, sightings, Now).Single();
    }

    public static ScanResult Result(params Listener[] listeners) => new(
        Now,
        true,
        null,
        null,
        listeners,
        Baseline,
        Now,
        new Dictionary<ScanStage, TimeSpan>(),
        new Dictionary<string, int>(),
        [],
        0);

    private static void ShouldBeTrueOrThrow(this bool value, string what)
    {
        if (!value)
        {
            throw new ArgumentException($"\"{what}\" is not a protocol", nameof(value));
        }
    }
}

using PortWatch.Netlink;
using PortWatch.Sockets;
using PortWatch.State;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.State;

/// <summary>The packet and raw sockets' first-seen record (<see cref="PacketSocketHistory"/>) and its place in the state file.</summary>
public sealed class PacketSocketStateTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1234567);
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);
    private static readonly PacketSocketKey Sniffer = new(PacketSocketKind.Packet, 0, "all", "any", "dbus-daemon", PacketFilter.Bpf);
    private static readonly PacketSocketKey Dhcp = new(PacketSocketKind.Packet, 0, "ip", "eth0", "dhclient", PacketFilter.Bpf);
    private static readonly PacketSocketKey Ping = new(PacketSocketKind.Raw, 4026532890, "icmp", "unknown", "ping", PacketFilter.Unknown);
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void SaveThenLoad_PacketSockets_KeepsEveryIdentityAndTimeExactly()
    {
        var packets = new Dictionary<PacketSocketKey, ListenerSighting>
        {
            [Sniffer] = new(T0, T0.AddTicks(1)),
            [Dhcp] = new(T0.AddSeconds(1.5), T0.AddDays(2)),
            [Ping] = new(T0.AddMilliseconds(7), T0.AddMilliseconds(8)),
        };
        var path = directory.Combine("state.json");

        StateFile.Save(path, new ListenerHistory(T0, [], packets));
        var loaded = StateFile.Load(path).Snapshot().PacketSockets;

        loaded.Keys.ShouldBe(packets.Keys, ignoreOrder: true);
        foreach (var (key, sighting) in packets)
        {
            loaded[key].FirstSeen.UtcTicks.ShouldBe(sighting.FirstSeen.UtcTicks);
            loaded[key].LastSeen.UtcTicks.ShouldBe(sighting.LastSeen.UtcTicks);
        }

        File.ReadAllText(path).ShouldContain("\"packet_sockets\"");
        File.ReadAllText(path).ShouldContain("\"netns\": \"4026532890\"");
    }

    [Fact]
    public void Load_FileWrittenBeforePacketSockets_HasNone()
    {
        var path = directory.Combine("old.json");
        File.WriteAllText(path, """{"version":1,"baseline":"2026-03-01T12:00:00+00:00","listeners":[]}""");

        StateFile.Load(path).PacketSockets.Count.ShouldBe(0);
    }

    [Theory]
    [InlineData("\"kind\":\"pakcet\",\"netns\":\"host\",\"protocol\":\"all\",\"interface\":\"any\",\"filter\":\"bpf\",\"process\":\"x\"")]
    [InlineData("\"kind\":\"packet\",\"netns\":\"0\",\"protocol\":\"all\",\"interface\":\"any\",\"filter\":\"bpf\",\"process\":\"x\"")]
    [InlineData("\"kind\":\"packet\",\"netns\":\"host\",\"protocol\":\"all\",\"interface\":\"any\",\"filter\":\"maybe\",\"process\":\"x\"")]
    [InlineData("\"kind\":\"raw\",\"netns\":\"host\",\"protocol\":\"\",\"interface\":\"unknown\",\"filter\":\"unknown\",\"process\":\"x\"")]
    [InlineData("\"kind\":\"raw\",\"netns\":\"host\",\"protocol\":\"icmp\",\"interface\":\"unknown\",\"filter\":\"unknown\"")]
    public void Load_BadPacketSocket_IsRejectedNamingTheEntry(string fields)
    {
        var path = directory.Combine("bad.json");
        File.WriteAllText(path, "{\"version\":1,\"baseline\":\"2026-03-01T12:00:00+00:00\",\"listeners\":[],\"packet_sockets\":[{" + fields + ",\"first_seen\":\"2026-03-01T12:00:00+00:00\",\"last_seen\":\"2026-03-01T12:00:00+00:00\"}]}");

        var error = Should.Throw<StateFileException>(() => StateFile.Load(path));

        error.Problem.ShouldBe(StateFileProblem.Invalid);
        error.Message.ShouldContain("packet_sockets[0]");
    }

    [Fact]
    public void Load_PacketSocketsNullOrTwice_IsRejected()
    {
        var path = directory.Combine("bad.json");
        const string Entry = "{\"kind\":\"raw\",\"netns\":\"host\",\"protocol\":\"icmp\",\"interface\":\"unknown\",\"filter\":\"unknown\",\"process\":\"ping\",\"first_seen\":\"2026-03-01T12:00:00+00:00\",\"last_seen\":\"2026-03-01T12:00:00+00:00\"}";
        File.WriteAllText(path, "{\"version\":1,\"baseline\":\"2026-03-01T12:00:00+00:00\",\"listeners\":[],\"packet_sockets\":null}");
        Should.Throw<StateFileException>(() => StateFile.Load(path)).Message.ShouldContain("\"packet_sockets\" is null");

        File.WriteAllText(path, "{\"version\":1,\"baseline\":\"2026-03-01T12:00:00+00:00\",\"listeners\":[],\"packet_sockets\":[" + Entry + "," + Entry + "]}");
        Should.Throw<StateFileException>(() => StateFile.Load(path)).Message.ShouldContain("is listed 2 times");
    }

    [Fact]
    public void Observe_KnownIdentity_KeepsItsFirstSeen_ANewOneIsSeenNow_AndEitherIsAChangeToSaveOnlyWhenNew()
    {
        var history = new ListenerHistory(T0, [], new Dictionary<PacketSocketKey, ListenerSighting> { [Sniffer] = new(T0, T0) });
        history.HasUnsavedChanges.ShouldBeFalse();

        history.PacketSockets.Observe([Sniffer], T0.AddHours(1), Week, 0);
        history.HasUnsavedChanges.ShouldBeFalse("a known identity seen again changes no first-seen time");
        history.PacketSockets.Observe([Sniffer, Ping], T0.AddHours(2), Week, 0);

        history.PacketSockets.FirstSeen().ShouldBe(new Dictionary<PacketSocketKey, DateTimeOffset> { [Sniffer] = T0, [Ping] = T0.AddHours(2) }, ignoreOrder: true);
        history.HasUnsavedChanges.ShouldBeTrue();
        var snapshot = history.Snapshot();
        history.MarkSaved(snapshot);
        history.HasUnsavedChanges.ShouldBeFalse();
    }

    [Fact]
    public void Observe_NotSeenForForgetAfter_IsForgotten_AndBeyondCapacityTheLeastRecentlySeenGoesFirst()
    {
        var history = new PacketSocketHistory();
        history.Observe([Sniffer, Dhcp], T0, Week, 0);
        history.Observe([Dhcp], T0.AddDays(1), Week, 0);

        history.Observe([Ping], T0.AddDays(8), Week, 0);
        history.FirstSeen().Keys.ShouldBe([Dhcp, Ping], ignoreOrder: true, "the sniffer was last seen 8 days ago");

        history.Observe([Sniffer], T0.AddDays(8).AddSeconds(1), Week, capacity: 2);
        history.FirstSeen().Keys.ShouldBe([Ping, Sniffer], ignoreOrder: true, "over capacity, the least recently seen (dhcp) goes");
    }
}

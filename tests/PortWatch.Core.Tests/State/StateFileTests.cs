using System.Net;
using PortWatch.Sockets;
using PortWatch.State;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.State;

public sealed class StateFileTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void SaveThenLoad_History_PreservesBaselineAndEveryTimeExactly()
    {
        var baseline = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1234567);
        var sightings = new Dictionary<ListenerKey, ListenerSighting>
        {
            [new(TransportProtocol.Tcp, IpFamily.IPv4, IPAddress.Any, 22)] = new(baseline, baseline.AddTicks(1)),
            [new(TransportProtocol.Tcp, IpFamily.IPv6, IPAddress.Parse("::ffff:127.0.0.1"), 8080)] = new(baseline.AddSeconds(1.5), baseline.AddDays(2)),
            [new(TransportProtocol.Udp, IpFamily.IPv6, IPAddress.IPv6Loopback, 53)] = new(baseline.AddMilliseconds(7), baseline.AddMilliseconds(8)),
            [new(TransportProtocol.Udp, IpFamily.IPv4, IPAddress.Parse("192.0.2.10"), 0)] = new(baseline.AddTicks(99), baseline.AddTicks(100)),
            [new(TransportProtocol.Tcp, IpFamily.IPv6, IPAddress.Parse("2001:db8::1"), 65535)] = new(baseline.AddHours(1), baseline.AddHours(2)),
            [new(TransportProtocol.Tcp, IpFamily.IPv4, IPAddress.Any, 22, Netns: 4026532890)] = new(baseline.AddHours(3), baseline.AddHours(4)), // The same port in a container.
        };
        var path = directory.Combine("state.json");

        StateFile.Save(path, new ListenerHistory(baseline, sightings));
        var loaded = StateFile.Load(path);

        loaded.Baseline.ShouldBe(baseline);
        loaded.Sightings.Count.ShouldBe(sightings.Count);
        foreach (var (key, sighting) in sightings)
        {
            loaded.Sightings[key].FirstSeen.UtcTicks.ShouldBe(sighting.FirstSeen.UtcTicks);
            loaded.Sightings[key].LastSeen.UtcTicks.ShouldBe(sighting.LastSeen.UtcTicks);
        }
    }

    [Fact]
    public void Load_FileWrittenBeforeNamespaces_ReadsItsListenersAsTheHosts()
    {
        var path = directory.Combine("old.json");
        File.WriteAllText(path, """{"baseline":"2026-03-01T12:00:00+00:00","listeners":[{"protocol":"tcp","family":"ipv4","address":"0.0.0.0","port":22,"first_seen":"2026-03-01T12:00:00+00:00","last_seen":"2026-03-01T12:00:00+00:00"}]}""");

        StateFile.Load(path).Sightings.Keys.ShouldHaveSingleItem().NetnsText.ShouldBe("host");
    }

    [Theory]
    [InlineData("\"netns\":\"0\"")]
    [InlineData("\"netns\":\"container\"")]
    [InlineData("\"netns\":\"\"")]
    public void Load_BadNetns_IsRejectedNamingTheEntry(string netns)
    {
        var path = directory.Combine("bad.json");
        File.WriteAllText(path, "{\"baseline\":\"2026-03-01T12:00:00+00:00\",\"listeners\":[{\"protocol\":\"tcp\",\"family\":\"ipv4\",\"address\":\"0.0.0.0\",\"port\":22," + netns + ",\"first_seen\":\"2026-03-01T12:00:00+00:00\",\"last_seen\":\"2026-03-01T12:00:00+00:00\"}]}");

        Should.Throw<StateFileException>(() => StateFile.Load(path)).Message.ShouldContain("listeners[0]");
    }

    [Fact]
    public void SaveThenLoad_OffsetOtherThanUtc_KeepsTheInstant()
    {
        var firstSeen = new DateTimeOffset(2026, 3, 1, 14, 0, 0, TimeSpan.FromHours(2));
        var key = new ListenerKey(TransportProtocol.Tcp, IpFamily.IPv4, IPAddress.Loopback, 9);
        var path = directory.Combine("state.json");

        StateFile.Save(path, new ListenerHistory(firstSeen, [new(key, new ListenerSighting(firstSeen, firstSeen))]));

        StateFile.Load(path).Sightings[key].FirstSeen.ShouldBe(firstSeen);
    }

    [Fact]
    public void Save_History_MarksItSavedAndLeavesNoTemporaryFile()
    {
        var history = new ListenerHistory();
        history.Observe([new ListenerKey(TransportProtocol.Tcp, IpFamily.IPv4, IPAddress.Any, 22)], DateTimeOffset.UnixEpoch, TimeSpan.Zero);
        var path = directory.Combine("state.json");

        StateFile.Save(path, history);

        history.HasUnsavedChanges.ShouldBeFalse();
        Directory.GetFiles(directory.Path).ShouldBe([path]);
    }

    [Fact]
    public void Save_OverAnExistingFile_ReplacesItWholly()
    {
        var path = directory.WriteFile("state.json", new string('x', 100_000));

        StateFile.Save(path, new ListenerHistory(DateTimeOffset.UnixEpoch));

        StateFile.Load(path).Baseline.ShouldBe(DateTimeOffset.UnixEpoch);
        Directory.GetFiles(directory.Path).ShouldBe([path]);
    }

    [Fact]
    public void Save_History_IsJsonWithSnakeCaseFields()
    {
        var key = new ListenerKey(TransportProtocol.Udp, IpFamily.IPv6, IPAddress.IPv6Any, 5353);
        var path = directory.Combine("state.json");

        StateFile.Save(path, new ListenerHistory(DateTimeOffset.UnixEpoch, [new(key, new ListenerSighting(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch))]));

        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        json.RootElement.GetProperty("version").GetInt32().ShouldBe(1);
        var listener = json.RootElement.GetProperty("listeners")[0];
        listener.GetProperty("protocol").GetString().ShouldBe("udp");
        listener.GetProperty("family").GetString().ShouldBe("ipv6");
        listener.GetProperty("address").GetString().ShouldBe("::");
        listener.GetProperty("port").GetInt32().ShouldBe(5353);
        listener.TryGetProperty("first_seen", out _).ShouldBeTrue();
        listener.TryGetProperty("last_seen", out _).ShouldBeTrue();
    }

    [Fact]
    public void SaveThenLoad_ClosedOnly_IsKeptAndWrittenOnlyWhenTrue()
    {
        var closed = new ListenerKey(TransportProtocol.Udp, IpFamily.IPv4, IPAddress.Loopback, 4000);
        var open = new ListenerKey(TransportProtocol.Tcp, IpFamily.IPv4, IPAddress.Any, 22);
        var path = directory.Combine("state.json");
        var at = DateTimeOffset.UnixEpoch;

        StateFile.Save(path, new ListenerHistory(at, [new(closed, new ListenerSighting(at, at, ClosedOnly: true)), new(open, new ListenerSighting(at, at))]));

        var loaded = StateFile.Load(path).Sightings;
        loaded[closed].ClosedOnly.ShouldBeTrue();
        loaded[open].ClosedOnly.ShouldBeFalse();
        File.ReadAllText(path).Split("closed_only").Length.ShouldBe(2, "the field is written for the closed-only record alone");
    }

    [Fact]
    public void Save_DirectoryMissing_ThrowsStateFileExceptionAndLeavesNothing()
    {
        var path = directory.Combine("missing", "state.json");

        var error = Should.Throw<StateFileException>(() => StateFile.Save(path, new ListenerHistory(DateTimeOffset.UnixEpoch)));

        error.Message.ShouldContain(path);
        Directory.Exists(directory.Combine("missing")).ShouldBeFalse();
    }

    [Fact]
    public void Load_MissingFile_IsAnEmptyHistory()
    {
        var history = StateFile.Load(directory.Combine("state.json"));

        history.Baseline.ShouldBeNull();
        history.Sightings.ShouldBeEmpty();
    }

    [Fact]
    public void Load_MissingDirectory_ThrowsNamingIt()
    {
        var missing = directory.Combine("no", "such");

        var error = Should.Throw<StateFileException>(() => StateFile.Load(Path.Combine(missing, "state.json")));

        error.Message.ShouldContain(missing);
        error.Message.ShouldContain("does not exist");
    }

    [Fact]
    public void Load_CorruptFile_ThrowsNamingTheFileLineAndColumn()
    {
        var path = directory.WriteFile("state.json", "{\n  \"version\": 1,\n  \"baseline\": oops\n}\n");

        var error = Should.Throw<StateFileException>(() => StateFile.Load(path));

        error.Message.ShouldStartWith($"state file {path}:3:");
        error.Message.ShouldContain("not a valid state record");
    }

    [Fact]
    public void Load_TruncatedFile_ThrowsStateFileException()
    {
        var path = directory.WriteFile("state.json", "{\"version\": 1, \"listeners\": [");

        Should.Throw<StateFileException>(() => StateFile.Load(path)).Message.ShouldContain(path);
    }

    [Fact]
    public void Load_JsonNull_ThrowsStateFileException()
    {
        var path = directory.WriteFile("state.json", "null");

        Should.Throw<StateFileException>(() => StateFile.Load(path)).Message.ShouldContain("null");
    }

    [Fact]
    public void Load_OtherVersion_ThrowsNamingTheVersion()
    {
        var path = directory.WriteFile("state.json", "{\"version\": 2, \"listeners\": []}");

        Should.Throw<StateFileException>(() => StateFile.Load(path)).Message.ShouldContain("version 2");
    }

    [Theory]
    [InlineData("sctp", "ipv4", "0.0.0.0", 1)]
    [InlineData("tcp", "ipv5", "0.0.0.0", 1)]
    [InlineData("tcp", "ipv4", "not-an-address", 1)]
    [InlineData("tcp", "ipv4", "0.0.0.0", 65536)]
    [InlineData("tcp", "ipv4", "0.0.0.0", -1)]
    [InlineData("tcp", "ipv6", "127.0.0.1", 12)]
    [InlineData("tcp", "ipv4", "::1", 12)]
    [InlineData("tcp", "ipv4", "1", 12)]
    [InlineData("tcp", "ipv6", "0:0:0:0:0:0:0:1", 12)]
    public void Load_BadListener_ThrowsNamingItsIndex(string protocol, string family, string address, int port)
    {
        var path = directory.WriteFile("state.json",
            $$"""{"version": 1, "listeners": [{"protocol": "tcp", "family": "ipv4", "address": "0.0.0.0", "port": 22, "first_seen": "2026-01-01T00:00:00Z", "last_seen": "2026-01-01T00:00:00Z"}, {"protocol": "{{protocol}}", "family": "{{family}}", "address": "{{address}}", "port": {{port}}, "first_seen": "2026-01-01T00:00:00Z", "last_seen": "2026-01-01T00:00:00Z"}]}""");

        var error = Should.Throw<StateFileException>(() => StateFile.Load(path));

        error.Message.ShouldContain(path);
        error.Message.ShouldContain("listeners[1]");
    }

    [Theory]
    [InlineData("""{"version": 1, "listeners": null}""", "\"listeners\" is missing or null")]
    [InlineData("""{"version": 1, "listeners": [null]}""", "listeners[0] (null)")]
    [InlineData("""{"version": 1, "listeners": [{"protocol": "tcp", "family": "ipv4", "address": "0.0.0.0", "port": 22, "last_seen": "2026-01-01T00:00:00Z"}]}""", "listeners[0]")]
    [InlineData("""{"version": 1, "listeners": [{"protocol": "tcp", "family": "ipv4", "address": "0.0.0.0", "port": 22, "first_seen": "2026-01-01T00:00:00Z"}]}""", "listeners[0]")]
    public void Load_HostileStructure_ThrowsStateFileException(string json, string problem)
    {
        var path = directory.WriteFile("state.json", json);

        var error = Should.Throw<StateFileException>(() => StateFile.Load(path));

        error.Message.ShouldContain(path);
        error.Message.ShouldContain(problem);
    }

    [Fact]
    public void Load_SameListenerTwice_ThrowsNamingIt()
    {
        const string entry = """{"protocol": "tcp", "family": "ipv4", "address": "0.0.0.0", "port": 22, "first_seen": "2026-01-01T00:00:00Z", "last_seen": "2026-01-01T00:00:00Z"}""";
        var path = directory.WriteFile("state.json", $$"""{"version": 1, "listeners": [{{entry}}, {{entry}}]}""");

        Should.Throw<StateFileException>(() => StateFile.Load(path)).Message.ShouldContain("tcp 0.0.0.0:22 is listed 2 times");
    }
}

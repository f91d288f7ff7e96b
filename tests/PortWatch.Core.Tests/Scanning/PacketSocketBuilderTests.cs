using PortWatch.Listeners;
using PortWatch.Netlink;
using PortWatch.PacketSockets;
using PortWatch.Processes;
using PortWatch.Scanning;
using PortWatch.Sockets;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Scanning;

/// <summary>Grouping packet sockets into series, their executable and whether the built-in list expects them (by executable path, never by name).</summary>
public sealed class PacketSocketBuilderTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    [Fact]
    public void Build_SharedLabels_AreOneSeriesCountingTheSockets_AndOnlyTheRealDhclientIsExpected()
    {
        var dhclient = new ProcessInfo(10, "dhclient") { Exe = "/usr/sbin/dhclient", Executable = ExecutableClass.File };
        var impostor = new ProcessInfo(20, "dhclient") { Exe = "/memfd:x (deleted)", Executable = ExecutableClass.Memfd };
        PacketSocketRecord[] sockets =
        [
            Packet(1), Packet(2), Packet(3), new(PacketSocketKind.Raw, 1, IpFamily.IPv4, null, PacketFilter.Unknown, 0, 4),
        ];
        var owners = new SocketOwners(
            new Dictionary<ulong, IReadOnlyList<ProcessInfo>> { [1] = [dhclient], [2] = [dhclient], [3] = [impostor] }, 5, 0, 0);

        var built = PacketSocketBuilder.Build(sockets, owners, BuiltInExpected.Entries, new Dictionary<PacketSocketKey, DateTimeOffset>(), Now);

        built.Count.ShouldBe(2, "the impostor shares the real one's labels but for executable, so it is in its series");
        var packet = built.Single(s => s.Key.Kind == PacketSocketKind.Packet);
        packet.Count.ShouldBe(3);
        packet.Executable.ShouldBe(ExecutableClass.Memfd, "the worst over the owners");
        packet.Expected.ShouldBeTrue("one owner is the real dhclient");
        var raw = built.Single(s => s.Key.Kind == PacketSocketKind.Raw);
        (raw.Expected, raw.Executable, raw.Key.Process).ShouldBe((false, ExecutableClass.None, "unknown"));
    }

    [Fact]
    public void Build_ANameAloneIsNeverExpected()
    {
        var impostor = new ProcessInfo(20, "dhclient") { Exe = "/dev/shm/dhclient", Executable = ExecutableClass.Writable };
        var owners = new SocketOwners(new Dictionary<ulong, IReadOnlyList<ProcessInfo>> { [1] = [impostor] }, 5, 0, 0);

        var built = PacketSocketBuilder.Build([Packet(1)], owners, BuiltInExpected.Entries, new Dictionary<PacketSocketKey, DateTimeOffset>(), Now);

        built.Single().Expected.ShouldBeFalse();
        PacketSocketLabels.All.Single(l => l.Name == "filter").Value(built.Single()).ShouldBe("bpf");
        PacketSocketLabels.All.Single(l => l.Name == "executable").Value(built.Single()).ShouldBe("writable");
    }

    private static PacketSocketRecord Packet(ulong inode) =>
        new(PacketSocketKind.Packet, 0x0003, null, 0, PacketFilter.Bpf, 0, inode) { Interface = "any" };
}

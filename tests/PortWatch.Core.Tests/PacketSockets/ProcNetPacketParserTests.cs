using PortWatch.Netlink;
using PortWatch.PacketSockets;
using PortWatch.Sockets;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.PacketSockets;

/// <summary>The /proc/net/packet and /proc/net/raw(6) parsers, on lines laid out as this kernel prints them, and the interface names.</summary>
public sealed class ProcNetPacketParserTests
{
    [Fact]
    public void Packet_ReadsEthertypeInterfaceUidInode_AndCountsBadLines()
    {
        const string text = """
            sk               RefCnt Type Proto  Iface R Rmem   User   Inode
            ffff8f0b4a2e7000 3      3    0003   0     1 0      0      266249
            ffff8f0b4a2e7800 3      2    0806   1     1 0      65534  266250
            ffff8f0b4a2e8000 3      2    zzzz   1     1 0      0      1
            """;
        var sockets = new List<PacketSocketRecord>();

        ProcNetPacketParser.Parse(text, sockets).ShouldBe(1);

        sockets.ShouldBe([
            new PacketSocketRecord(PacketSocketKind.Packet, 3, null, 0, PacketFilter.Unknown, 0, 266249),
            new PacketSocketRecord(PacketSocketKind.Packet, 0x806, null, 1, PacketFilter.Unknown, 65534, 266250),
        ]);
    }

    [Fact]
    public void Raw_ThePortFieldIsTheProtocol_InBothFamilies()
    {
        const string v4 = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
               1: 00000000:0001 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 266300 2 0000000000000000 0
            """;
        const string v6 = """
              sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
              58: 00000000000000000000000000000000:003A 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 266301 2 0000000000000000 0
            """;
        var sockets = new List<PacketSocketRecord>();

        (ProcNetRawParser.Parse(v4, IpFamily.IPv4, sockets) + ProcNetRawParser.Parse(v6, IpFamily.IPv6, sockets)).ShouldBe(0);

        sockets.ShouldBe([
            new PacketSocketRecord(PacketSocketKind.Raw, 1, IpFamily.IPv4, null, PacketFilter.Unknown, 0, 266300),
            new PacketSocketRecord(PacketSocketKind.Raw, 58, IpFamily.IPv6, null, PacketFilter.Unknown, 1000, 266301),
        ]);
        PacketProtocols.Label(PacketSocketKind.Raw, 58).ShouldBe("ipv6-icmp");
        PacketProtocols.Label(PacketSocketKind.Raw, 253).ShouldBe("253");
        PacketProtocols.Label(PacketSocketKind.Packet, 0x88cc).ShouldBe("0x88cc");
    }

    [Fact]
    public void InterfaceNames_FromIgmpIfInet6AndDevMcast_AndLabels()
    {
        var names = InterfaceNames.Parse(
            "Idx\tDevice    : Count Querier\tGroup    Users Timer\tReporter\n1\tlo        :     1      V3\n\t\t\t\t010000E0     1 0:00000000\t\t0\n",
            "fe8000000000000000fc00fffe000001 04 40 20 80     eth0\n",
            "2    ifb0            1     0     333300000001\n");

        names.ShouldBe(new Dictionary<int, string> { [1] = "lo", [4] = "eth0", [2] = "ifb0" }, ignoreOrder: true);
        InterfaceNames.Label(0, names).ShouldBe("any");
        InterfaceNames.Label(4, names).ShouldBe("eth0");
        InterfaceNames.Label(9, names).ShouldBe("if9");
        InterfaceNames.Label(null, names).ShouldBe("unknown");
    }
}

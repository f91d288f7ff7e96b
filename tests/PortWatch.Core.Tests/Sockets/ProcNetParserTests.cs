using System.Net;
using PortWatch.Sockets;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Sockets;

public sealed class ProcNetParserTests
{
    [Fact]
    public void Parse_CapturedTcp_KeepsListenSocketsAndSkipsEstablished()
    {
        var result = ProcNetParser.Parse(Fixtures.Read("proc", "tcp"), TransportProtocol.Tcp, IpFamily.IPv4, littleEndian: true);

        result.MalformedLines.ShouldBe(0);
        Describe(result).ShouldBe(
        [
            "tcp IPv4 127.0.0.1:18081 inode=42715",
            "tcp IPv4 0.0.0.0:2024 inode=1065",
            "tcp IPv4 0.0.0.0:18084 inode=42718",
        ]);
    }

    [Fact]
    public void Parse_CapturedTcp6_DecodesV4MappedWildcardAndLoopback()
    {
        var result = ProcNetParser.Parse(Fixtures.Read("proc", "tcp6"), TransportProtocol.Tcp, IpFamily.IPv6, littleEndian: true);

        result.MalformedLines.ShouldBe(0);
        Describe(result).ShouldBe(
        [
            "tcp IPv6 ::ffff:127.0.0.1:18083 inode=42717",
            "tcp IPv6 :::18085 inode=42719",
            "tcp IPv6 ::1:18082 inode=42716",
        ]);
    }

    [Fact]
    public void Parse_CapturedUdp_KeepsBoundUnconnectedAndSkipsConnected()
    {
        var result = ProcNetParser.Parse(Fixtures.Read("proc", "udp"), TransportProtocol.Udp, IpFamily.IPv4, littleEndian: true);

        result.MalformedLines.ShouldBe(0);
        Describe(result).ShouldBe(["udp IPv4 127.0.0.1:18086 inode=42720"]);
    }

    [Fact]
    public void Parse_CapturedUdp6_KeepsBoundUnconnectedAndSkipsConnected()
    {
        var result = ProcNetParser.Parse(Fixtures.Read("proc", "udp6"), TransportProtocol.Udp, IpFamily.IPv6, littleEndian: true);

        result.MalformedLines.ShouldBe(0);
        Describe(result).ShouldBe(["udp IPv6 :::18087 inode=42721"]);
    }

    [Fact]
    public void Parse_BigEndianTcp_DecodesWordsInBigEndianOrder()
    {
        var result = ProcNetParser.Parse(Fixtures.Read("bigendian", "tcp"), TransportProtocol.Tcp, IpFamily.IPv4, littleEndian: false);

        Describe(result).ShouldBe(
        [
            "tcp IPv4 127.0.0.1:18081 inode=5001",
            "tcp IPv4 192.0.2.10:22 inode=5002",
        ]);
    }

    [Fact]
    public void Parse_BigEndianTcp6_DecodesWordsInBigEndianOrder()
    {
        var result = ProcNetParser.Parse(Fixtures.Read("bigendian", "tcp6"), TransportProtocol.Tcp, IpFamily.IPv6, littleEndian: false);

        Describe(result).ShouldBe(
        [
            "tcp IPv6 ::ffff:127.0.0.1:18083 inode=6001",
            "tcp IPv6 ::1:18082 inode=6002",
            "tcp IPv6 2001:db8::1:443 inode=6003",
        ]);
        result.Listeners[2].Uid.ShouldBe(101u);
    }

    [Fact]
    public void Parse_BigEndianFileReadAsLittleEndian_GivesByteSwappedAddresses()
    {
        var result = ProcNetParser.Parse(Fixtures.Read("bigendian", "tcp"), TransportProtocol.Tcp, IpFamily.IPv4, littleEndian: true);

        result.Listeners[0].Address.ShouldBe(IPAddress.Parse("1.0.0.127"));
    }

    [Fact]
    public void Parse_WithoutByteOrder_UsesThisMachinesOrder()
    {
        var text = Fixtures.Read("proc", "tcp");

        var implicitOrder = ProcNetParser.Parse(text, TransportProtocol.Tcp, IpFamily.IPv4);
        var explicitOrder = ProcNetParser.Parse(text, TransportProtocol.Tcp, IpFamily.IPv4, BitConverter.IsLittleEndian);

        implicitOrder.Listeners.ShouldBe(explicitOrder.Listeners);
    }

    [Fact]
    public void Parse_MalformedLines_AreCountedAndSkippedWithoutFailing()
    {
        var result = ProcNetParser.Parse(Fixtures.Read("malformed", "tcp"), TransportProtocol.Tcp, IpFamily.IPv4, littleEndian: true);

        // Truncated, bad hex, missing inode, non-numeric inode, and a line that is not a socket at all.
        result.MalformedLines.ShouldBe(5);
        Describe(result).ShouldBe(
        [
            "tcp IPv4 127.0.0.1:18081 inode=42715",
            "tcp IPv4 0.0.0.0:18086 inode=42720",
        ]);
    }

    [Fact]
    public void Parse_HeaderOnly_ReturnsNothing()
    {
        var result = ProcNetParser.Parse(Fixtures.Read("header-only-tcp"), TransportProtocol.Tcp, IpFamily.IPv4, littleEndian: true);

        result.Listeners.ShouldBeEmpty();
        result.MalformedLines.ShouldBe(0);
    }

    [Fact]
    public void Parse_EmptyFile_ReturnsNothing()
    {
        var result = ProcNetParser.Parse(Fixtures.Read("empty-tcp"), TransportProtocol.Tcp, IpFamily.IPv4, littleEndian: true);

        result.Listeners.ShouldBeEmpty();
        result.MalformedLines.ShouldBe(0);
    }

    [Fact]
    public void Parse_ExtraTrailingColumnsOrExactlyTheRequiredOnes_ParsesBoth()
    {
        var result = ProcNetParser.Parse(Fixtures.Read("extra-columns-tcp"), TransportProtocol.Tcp, IpFamily.IPv4, littleEndian: true);

        result.MalformedLines.ShouldBe(0);
        Describe(result).ShouldBe(["tcp IPv4 127.0.0.1:8080 inode=777", "tcp IPv4 127.0.0.1:8081 inode=778"]);
    }

    [Fact]
    public void Parse_CrLfLineEnds_ParsesLines()
    {
        var text = ProcNetLine.Table(false, ProcNetLine.Format(0, "127.0.0.1", 22, ProcNetLine.Listen, 9)).Replace("\n", "\r\n", StringComparison.Ordinal);

        var result = ProcNetParser.Parse(text, TransportProtocol.Tcp, IpFamily.IPv4, littleEndian: true);

        Describe(result).ShouldBe(["tcp IPv4 127.0.0.1:22 inode=9"]);
        result.MalformedLines.ShouldBe(0);
    }

    [Theory]
    [InlineData("01", false)] // ESTABLISHED
    [InlineData("02", false)] // SYN_SENT
    [InlineData("06", false)] // TIME_WAIT
    [InlineData("07", false)] // CLOSE
    [InlineData("08", false)] // CLOSE_WAIT
    [InlineData("0A", true)] // LISTEN
    [InlineData("0B", false)] // CLOSING
    public void Parse_TcpState_OnlyListenIsAListener(string state, bool listening)
    {
        var text = ProcNetLine.Table(false, ProcNetLine.Format(0, "0.0.0.0", 80, state, 11));

        var result = ProcNetParser.Parse(text, TransportProtocol.Tcp, IpFamily.IPv4, littleEndian: true);

        result.Listeners.Count.ShouldBe(listening ? 1 : 0);
        result.MalformedLines.ShouldBe(0);
    }

    [Theory]
    [InlineData("07", null, 0, true)] // bound, unconnected
    [InlineData("01", "127.0.0.1", 53, false)] // connected
    [InlineData("07", "127.0.0.1", 53, false)] // a remote address means connected, whatever the state says
    [InlineData("0A", null, 0, false)] // not a UDP state for a listener
    public void Parse_UdpStateAndRemote_OnlyUnconnectedIsAListener(string state, string? remote, int remotePort, bool listening)
    {
        var text = ProcNetLine.Table(false, ProcNetLine.Format(0, "127.0.0.1", 5353, state, 12, remote, remotePort));

        var result = ProcNetParser.Parse(text, TransportProtocol.Udp, IpFamily.IPv4, littleEndian: true);

        result.Listeners.Count.ShouldBe(listening ? 1 : 0);
    }

    [Fact]
    public void Parse_ListenerRecord_CarriesProtocolFamilyInodeAndUid()
    {
        var text = ProcNetLine.Table(true, ProcNetLine.Format(3, "2001:db8::10", 8443, ProcNetLine.Listen, 123456789012, uid: 1000));

        var record = ProcNetParser.Parse(text, TransportProtocol.Tcp, IpFamily.IPv6, littleEndian: true).Listeners.ShouldHaveSingleItem();

        record.ShouldBe(new SocketRecord(TransportProtocol.Tcp, IpFamily.IPv6, IPAddress.Parse("2001:db8::10"), 8443, 123456789012, 1000));
    }

    [Fact]
    public void Parse_Ipv4LineInIpv6Table_IsMalformed()
    {
        var text = ProcNetLine.Table(true, ProcNetLine.Format(0, "127.0.0.1", 22, ProcNetLine.Listen, 1));

        var result = ProcNetParser.Parse(text, TransportProtocol.Tcp, IpFamily.IPv6, littleEndian: true);

        result.Listeners.ShouldBeEmpty();
        result.MalformedLines.ShouldBe(1);
    }

    private static List<string> Describe(ProcNetParseResult result) =>
        [.. result.Listeners.Select(r => $"{r.Protocol.ToLabel()} {r.Family} {r.Address}:{r.Port} inode={r.Inode}")];
}

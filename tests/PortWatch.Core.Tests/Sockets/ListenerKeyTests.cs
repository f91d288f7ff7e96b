using System.Net;
using PortWatch.Sockets;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Sockets;

public sealed class ListenerKeyTests
{
    [Theory]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("::", "::")]
    [InlineData("::1", "::1")]
    [InlineData("::ffff:127.0.0.1", "::ffff:127.0.0.1")]
    [InlineData("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1")]
    public void AddressText_Address_IsWrittenAsSsDoesWithoutBrackets(string address, string text)
    {
        var ip = IPAddress.Parse(address);
        var family = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? IpFamily.IPv4 : IpFamily.IPv6;

        new ListenerKey(TransportProtocol.Tcp, family, ip, 1).AddressText.ShouldBe(text);
    }

    [Theory]
    [InlineData("tcp", "127.0.0.1", 22, "tcp 127.0.0.1:22")]
    [InlineData("udp", "::1", 53, "udp [::1]:53")]
    [InlineData("tcp", "::ffff:127.0.0.1", 80, "tcp [::ffff:127.0.0.1]:80")]
    [InlineData("tcp", "::", 0, "tcp [::]:0")]
    public void ToString_Key_BracketsIpv6(string protocol, string address, int port, string text)
    {
        SocketLabels.TryParseProtocol(protocol, out var parsedProtocol).ShouldBeTrue();
        var ip = IPAddress.Parse(address);
        var family = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? IpFamily.IPv4 : IpFamily.IPv6;

        new ListenerKey(parsedProtocol, family, ip, port).ToString().ShouldBe(text);
    }

    [Fact]
    public void Of_TwoSocketsSameEndpointDifferentInodeAndUid_GiveEqualKeys()
    {
        var first = new SocketRecord(TransportProtocol.Tcp, IpFamily.IPv4, new IPAddress([127, 0, 0, 1]), 80, 1, 0);
        var second = new SocketRecord(TransportProtocol.Tcp, IpFamily.IPv4, IPAddress.Parse("127.0.0.1"), 80, 2, 33);

        ListenerKey.Of(first).ShouldBe(ListenerKey.Of(second));
        ListenerKey.Of(first).GetHashCode().ShouldBe(ListenerKey.Of(second).GetHashCode());
    }

    [Fact]
    public void Equality_DifferentProtocolFamilyOrPort_AreDifferentKeys()
    {
        var key = new ListenerKey(TransportProtocol.Tcp, IpFamily.IPv4, IPAddress.Loopback, 80);

        key.ShouldNotBe(key with { Protocol = TransportProtocol.Udp });
        key.ShouldNotBe(key with { Port = 81 });
        key.ShouldNotBe(key with { Address = IPAddress.Any });
        new ListenerKey(TransportProtocol.Tcp, IpFamily.IPv6, IPAddress.Parse("::ffff:127.0.0.1"), 80).ShouldNotBe(key);
    }
}

using System.Net;
using PortWatch.Sockets;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Sockets;

public sealed class ProcNetAddressTests
{
    [Theory]
    [InlineData("0100007F:1F90", true, "127.0.0.1", 8080)]
    [InlineData("7F000001:1F90", false, "127.0.0.1", 8080)]
    [InlineData("00000000:0016", true, "0.0.0.0", 22)]
    [InlineData("0A0200C0:FFFF", true, "192.0.2.10", 65535)]
    [InlineData("C000020A:0000", false, "192.0.2.10", 0)]
    public void TryParseEndpoint_Ipv4_DecodesAddressAndPort(string field, bool littleEndian, string address, int port)
    {
        ProcNetAddress.TryParseEndpoint(field, IpFamily.IPv4, littleEndian, out var parsed, out var parsedPort).ShouldBeTrue();

        parsed.ShouldBe(IPAddress.Parse(address));
        parsedPort.ShouldBe(port);
    }

    [Theory]
    [InlineData("00000000000000000000000001000000:0016", true, "::1")]
    [InlineData("00000000000000000000000000000001:0016", false, "::1")]
    [InlineData("00000000000000000000000000000000:0016", true, "::")]
    [InlineData("0000000000000000FFFF00000100007F:0016", true, "::ffff:127.0.0.1")]
    [InlineData("00000000000000000000FFFF7F000001:0016", false, "::ffff:127.0.0.1")]
    [InlineData("B80D0120000000000000000001000000:0016", true, "2001:db8::1")]
    [InlineData("20010DB8000000000000000000000001:0016", false, "2001:db8::1")]
    public void TryParseEndpoint_Ipv6_DecodesEachWordInTheKernelsOrder(string field, bool littleEndian, string address)
    {
        ProcNetAddress.TryParseEndpoint(field, IpFamily.IPv6, littleEndian, out var parsed, out var port).ShouldBeTrue();

        parsed.ShouldBe(IPAddress.Parse(address));
        port.ShouldBe(22);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("0100007F", false)]
    [InlineData("0100007F1F90", false)]
    [InlineData("0100007F:1F9", false)]
    [InlineData("0100007F:1F900", false)]
    [InlineData("100007F:1F90", false)]
    [InlineData("0100007G:1F90", false)]
    [InlineData("0100007F:ZZZZ", false)]
    [InlineData("0100007F:-001", false)]
    [InlineData("0100007F:1F90", true)]
    [InlineData("00000000000000000000000001000000:0016", false)]
    [InlineData("000000000000000000000000010000XX:0016", true)]
    public void TryParseEndpoint_MalformedField_ReturnsFalse(string field, bool ipv6)
    {
        ProcNetAddress.TryParseEndpoint(field, ipv6 ? IpFamily.IPv6 : IpFamily.IPv4, littleEndian: true, out _, out _).ShouldBeFalse();
    }
}

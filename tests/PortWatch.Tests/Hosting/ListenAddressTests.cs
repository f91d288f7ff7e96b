using System.Net;
using PortWatch.Hosting;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Hosting;

public sealed class ListenAddressTests
{
    [Fact]
    public void TryParse_EmptyHost_IsEveryAddress()
    {
        ListenAddress.TryParse(":10133", out var address, out _).ShouldBeTrue();

        address.ShouldBe(new ListenAddress(":10133", null, false, 10133));
    }

    [Theory]
    [InlineData("127.0.0.1:10133", "127.0.0.1")]
    [InlineData("0.0.0.0:80", "0.0.0.0")]
    [InlineData("[::1]:10133", "::1")]
    [InlineData("[::]:10133", "::")]
    [InlineData("[::ffff:127.0.0.1]:1", "::ffff:127.0.0.1")]
    public void TryParse_IpHost_GivesAddressAndPort(string text, string ip)
    {
        ListenAddress.TryParse(text, out var address, out _).ShouldBeTrue();

        address.Address.ShouldBe(IPAddress.Parse(ip));
        address.IsLocalhost.ShouldBeFalse();
        address.ToString().ShouldBe(text);
    }

    [Theory]
    [InlineData("localhost:10133")]
    [InlineData("LOCALHOST:10133")]
    public void TryParse_Localhost_IsBothLoopbacks(string text)
    {
        ListenAddress.TryParse(text, out var address, out _).ShouldBeTrue();

        address.IsLocalhost.ShouldBeTrue();
        address.Address.ShouldBeNull();
        address.Port.ShouldBe(10133);
    }

    [Theory]
    [InlineData("::1:10133")]
    [InlineData("10133")]
    [InlineData(":99999")]
    [InlineData(":65536")]
    [InlineData(":")]
    [InlineData("")]
    [InlineData(":-1")]
    [InlineData(":+80")]
    [InlineData("127.0.0.1:")]
    [InlineData("[127.0.0.1]:80")]
    [InlineData("[::1:80")]
    [InlineData("example.com:80")]
    [InlineData("256.0.0.1:80")]
    public void TryParse_BadAddress_ReturnsFalseWithAnErrorNamingIt(string text)
    {
        ListenAddress.TryParse(text, out _, out var error).ShouldBeFalse();

        error.ShouldContain($"\"{text}\" is not a listen address");
    }

    [Fact]
    public void Parse_BadAddress_ThrowsFormatException()
    {
        Should.Throw<FormatException>(() => ListenAddress.Parse("10133"));
    }

    [Fact]
    public void Parse_PortZeroAndMax_AreAccepted()
    {
        ListenAddress.Parse(":0").Port.ShouldBe(0);
        ListenAddress.Parse(":65535").Port.ShouldBe(65535);
    }
}

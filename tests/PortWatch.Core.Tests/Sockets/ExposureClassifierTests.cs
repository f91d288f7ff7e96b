using System.Net;
using PortWatch.Sockets;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Sockets;

public sealed class ExposureClassifierTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.1.2.3", "loopback")]
    [InlineData("127.255.255.254", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:127.9.8.7", "loopback")]
    [InlineData("0.0.0.0", "wildcard")]
    [InlineData("::", "wildcard")]
    [InlineData("::ffff:0.0.0.0", "wildcard")]
    [InlineData("192.0.2.10", "specific")]
    [InlineData("128.0.0.1", "specific")]
    [InlineData("::ffff:192.0.2.10", "specific")]
    [InlineData("2001:db8::1", "specific")]
    [InlineData("fe80::1", "specific")]
    [InlineData("::2", "specific")]
    public void Classify_Address_GivesExposure(string address, string expected)
    {
        ExposureClassifier.Classify(IPAddress.Parse(address)).ToLabel().ShouldBe(expected);
    }

    [Fact]
    public void ToLabel_EachExposure_GivesItsLabelValue()
    {
        Exposure.Loopback.ToLabel().ShouldBe("loopback");
        Exposure.Wildcard.ToLabel().ShouldBe("wildcard");
        Exposure.Specific.ToLabel().ShouldBe("specific");
    }
}

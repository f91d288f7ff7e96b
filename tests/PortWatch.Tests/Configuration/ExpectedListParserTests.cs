using System.Net;
using PortWatch.Configuration;
using PortWatch.Listeners;
using PortWatch.Sockets;
using PortWatch.Yaml;
using Shouldly;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace PortWatch.Tests.Configuration;

public sealed class ExpectedListParserTests
{
    [Fact]
    public void Parse_EntriesWithEveryKey_GiveExpectedListeners()
    {
        var expected = Parse("""
            - {protocol: tcp, port: 22, process: sshd}
            - {port: 8000-8099}
            - {address: 127.0.0.1, protocol: udp}
            - {address: "::ffff:127.0.0.1"}
            - process: dnsmasq
            """);

        expected.ShouldBe(
        [
            new ExpectedListener(TransportProtocol.Tcp, 22, 22, "sshd", null),
            new ExpectedListener(null, 8000, 8099, null, null),
            new ExpectedListener(TransportProtocol.Udp, null, null, null, IPAddress.Loopback),
            new ExpectedListener(null, null, null, null, IPAddress.Parse("::ffff:127.0.0.1")),
            new ExpectedListener(null, null, null, "dnsmasq", null),
        ]);
    }

    [Fact]
    public void Parse_PortRange_MatchesItsEndsAndNotBeyond()
    {
        var entry = Parse("- {port: 8000-8099}").ShouldHaveSingleItem();
        var key = new ListenerKey(TransportProtocol.Tcp, IpFamily.IPv4, IPAddress.Any, 8000);

        entry.Matches(key, []).ShouldBeTrue();
        entry.Matches(key with { Port = 8099 }, []).ShouldBeTrue();
        entry.Matches(key with { Port = 8100 }, []).ShouldBeFalse();
        entry.Matches(key with { Port = 7999 }, []).ShouldBeFalse();
    }

    [Fact]
    public void Parse_EmptyList_IsEmpty()
    {
        Parse("[]").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("- {protocol: sctp}", "f.yml:1:14: ", "\"sctp\" is not tcp or udp")]
    [InlineData("- {port: 65536}", "f.yml:1:10: ", "is not a port")]
    [InlineData("- {port: 90-80}", "f.yml:1:10: ", "is not a port")]
    [InlineData("- {port: http}", "f.yml:1:10: ", "is not a port")]
    [InlineData("- {port: -1}", "f.yml:1:10: ", "is not a port")]
    [InlineData("- {address: localhost}", "f.yml:1:13: ", "is not an IP address")]
    [InlineData("- {process: [a, b]}", "f.yml:1:13: ", "process: must be a single value")]
    [InlineData("- {process: }", "f.yml:1:13: ", "process: must be a single value")]
    [InlineData("- {}", "f.yml:1:3: ", "needs at least one of protocol, port, address, process")]
    [InlineData("- {pid: 1}", "f.yml:1:4: ", "unknown key \"pid\" in an expected: entry (allowed: protocol, port, address, process, unit, container, pod, k8s_namespace, netns, exe, kind)")]
    public void Parse_BadEntry_NamesWhereAndWhat(string yaml, string prefix, string what)
    {
        var error = Should.Throw<ConfigException>(() => Parse(yaml));

        error.Message.ShouldStartWith(prefix);
        error.Message.ShouldContain(what);
    }

    private static IReadOnlyList<ExpectedListener> Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return ExpectedListParser.Parse(new YamlReader("f.yml", "config file", (message, inner) => new ConfigException(message, inner)), stream.Documents[0].RootNode);
    }
}

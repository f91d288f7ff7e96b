using System.Net;
using PortWatch.Processes;
using PortWatch.Listeners;
using PortWatch.Sockets;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Listeners;

public sealed class ExpectedListenerTests
{
    private static readonly ListenerKey Ssh = new(TransportProtocol.Tcp, IpFamily.IPv4, IPAddress.Any, 22);
    private static readonly IReadOnlyList<ProcessInfo> Sshd = [new(10, "sshd")];

    [Fact]
    public void Matches_NoFieldGiven_MatchesAnything()
    {
        new ExpectedListener(null, null, null, null, null).Matches(Ssh, []).ShouldBeTrue();
    }

    [Fact]
    public void Matches_Protocol_MustBeEqual()
    {
        new ExpectedListener(TransportProtocol.Tcp, null, null, null, null).Matches(Ssh, Sshd).ShouldBeTrue();
        new ExpectedListener(TransportProtocol.Udp, null, null, null, null).Matches(Ssh, Sshd).ShouldBeFalse();
    }

    [Theory]
    [InlineData(22, 22, true)]
    [InlineData(23, 23, false)]
    [InlineData(20, 30, true)]
    [InlineData(22, 30, true)]
    [InlineData(10, 22, true)]
    [InlineData(23, 30, false)]
    [InlineData(10, 21, false)]
    public void Matches_PortOrRange_IncludesBothEnds(int first, int last, bool matches)
    {
        new ExpectedListener(null, first, last, null, null).Matches(Ssh, Sshd).ShouldBe(matches);
    }

    [Fact]
    public void Matches_Address_MustBeEqual()
    {
        new ExpectedListener(null, null, null, null, IPAddress.Any).Matches(Ssh, Sshd).ShouldBeTrue();
        new ExpectedListener(null, null, null, null, IPAddress.Loopback).Matches(Ssh, Sshd).ShouldBeFalse();
        new ExpectedListener(null, null, null, null, IPAddress.IPv6Any).Matches(Ssh, Sshd).ShouldBeFalse();
    }

    [Fact]
    public void Matches_Process_MatchesWhenAnyOwnerHasTheName()
    {
        var expected = new ExpectedListener(null, null, null, "dnsmasq", null);

        expected.Matches(Ssh, [new(1, "systemd-resolve"), new(2, "dnsmasq")]).ShouldBeTrue();
        expected.Matches(Ssh, [new(1, "systemd-resolve")]).ShouldBeFalse();
        expected.Matches(Ssh, []).ShouldBeFalse();
    }

    [Fact]
    public void Matches_Process_IsCaseSensitiveAndWhole()
    {
        var expected = new ExpectedListener(null, null, null, "sshd", null);

        expected.Matches(Ssh, [new(1, "SSHD")]).ShouldBeFalse();
        expected.Matches(Ssh, [new(1, "sshd-session")]).ShouldBeFalse();
    }

    [Fact]
    public void Matches_EveryFieldGiven_AllMustMatch()
    {
        var expected = new ExpectedListener(TransportProtocol.Tcp, 22, 22, "sshd", IPAddress.Any);

        expected.Matches(Ssh, Sshd).ShouldBeTrue();
        expected.Matches(Ssh with { Port = 2222 }, Sshd).ShouldBeFalse();
        expected.Matches(Ssh with { Protocol = TransportProtocol.Udp }, Sshd).ShouldBeFalse();
        expected.Matches(Ssh with { Address = IPAddress.Loopback }, Sshd).ShouldBeFalse();
        expected.Matches(Ssh, [new(10, "dropbear")]).ShouldBeFalse();
    }

    [Fact]
    public void ToString_Entry_ShowsTheGivenFields()
    {
        new ExpectedListener(TransportProtocol.Tcp, 8000, 8099, "nginx", IPAddress.Loopback).ToString()
            .ShouldBe("{protocol: tcp, port: 8000-8099, address: 127.0.0.1, process: nginx}");
        new ExpectedListener(null, 53, 53, null, null).ToString().ShouldBe("{port: 53}");
    }

    [Fact]
    public void Matches_OwnerFields_MatchWhenAnyOwningProcessHasThem()
    {
        var owner = new PortWatch.Owners.ProcessOwner("nginx.service", "3f2a9c1b7d4e", "web-7d9f", "shop");
        IReadOnlyList<ProcessInfo> processes = [new(10, "nginx") { Owner = owner }, new(11, "nginx") { Owner = PortWatch.Owners.ProcessOwner.None }];
        var any = new ExpectedListener(null, null, null, null, null);

        (any with { Unit = "nginx.service" }).Matches(Ssh, processes).ShouldBeTrue();
        (any with { Unit = "sshd.service" }).Matches(Ssh, processes).ShouldBeFalse();
        (any with { Container = "3f2a9c1b7d4e" }).Matches(Ssh, processes).ShouldBeTrue();
        (any with { Container = "3f2a9c1b7d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8" }).Matches(Ssh, processes).ShouldBeTrue(); // The full id.
        (any with { Container = "3f2a" }).Matches(Ssh, processes).ShouldBeFalse(); // A prefix shorter than the label is not an id.
        (any with { Pod = "web-7d9f", K8sNamespace = "shop" }).Matches(Ssh, processes).ShouldBeTrue();
        (any with { Pod = "web-7d9f", K8sNamespace = "default" }).Matches(Ssh, processes).ShouldBeFalse();
        (any with { Unit = "nginx.service" }).Matches(Ssh, [new(12, "nginx")]).ShouldBeFalse(); // Owner unknown.
    }

    [Fact]
    public void Matches_Netns_HostIsZeroElseTheInode()
    {
        var any = new ExpectedListener(null, null, null, null, null);

        (any with { Netns = 0 }).Matches(Ssh, Sshd).ShouldBeTrue();
        (any with { Netns = 0 }).Matches(Ssh with { Netns = 4026532890 }, Sshd).ShouldBeFalse();
        (any with { Netns = 4026532890 }).Matches(Ssh with { Netns = 4026532890 }, Sshd).ShouldBeTrue();
        (any with { Unit = "nginx.service", Netns = 4026532890 }).ToString().ShouldBe("{unit: nginx.service, netns: 4026532890}");
    }
}

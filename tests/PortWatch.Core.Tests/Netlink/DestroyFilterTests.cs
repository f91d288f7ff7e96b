using CsCheck;
using PortWatch.Netlink;
using PortWatch.ProcFs;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;
using static PortWatch.Core.Tests.Netlink.SockDiagBytes;

namespace PortWatch.Core.Tests.Netlink;

/// <summary>The kernel-side filter keeps exactly what the rule keeps: the BPF program, run in an interpreter, against <see cref="DestroyRule"/>.</summary>
public sealed class DestroyFilterTests
{
    private static readonly EphemeralPorts Linux = new(32768, 60999);

    [Theory]
    [InlineData(12, 0, null, true)]                 // A listener on a well-known port.
    [InlineData(20000, 0, null, true)]              // A listener below the ephemeral range.
    [InlineData(61000, 0, null, true)]              // And above it.
    [InlineData(40000, 0, null, false)]             // A "find a free port" probe or a UDP sender.
    [InlineData(32768, 0, null, false)]             // The range's edges are in it.
    [InlineData(60999, 0, null, false)]
    [InlineData(0, 0, null, false)]                 // Never bound.
    [InlineData(12, 44321, "10.0.0.1", false)]      // An accepted connection.
    [InlineData(40000, 443, "10.0.0.1", false)]     // A client connection.
    [InlineData(40000, 0, "10.0.0.1", false)]       // A refused connect: a peer address, no port.
    [InlineData(12, 0, "::ffff:10.0.0.1", false)]   // A peer in the last word of an IPv6 address.
    public void Filter_Message_KeepsWhatTheRuleKeeps(int sourcePort, int destinationPort, string? peer, bool listener)
    {
        var family = peer?.Contains(':', StringComparison.Ordinal) == true ? (byte)10 : (byte)2;
        var bytes = Socket(family, sourcePort, family == 10 ? "::" : "0.0.0.0", destinationPort, peer, state: 7, protocolAttribute: 6);
        SockDiagParser.TryReadMessage(bytes.AsSpan(16), out var message).ShouldBeTrue();

        DestroyRule.IsClosedListener(message, Linux).ShouldBe(listener);
        (BpfMachine.Run(DestroyFilter.Build(Linux), bytes) != 0).ShouldBe(listener);
    }

    [Fact]
    public void Filter_OtherNetlinkMessages_PassToUserSpace()
    {
        BpfMachine.Run(DestroyFilter.Build(Linux), Done()).ShouldNotBe(0u);
    }

    [Fact]
    public void Filter_AnyMessageAndRange_AgreesWithTheRule()
    {
        var ports = Gen.OneOf(Gen.Int[0, 65535], Gen.OneOf(0, 1, 1023, 32767, 32768, 60999, 61000, 65535));
        var addresses = Gen.OneOf<string?>(null, null, "10.0.0.1", "0.0.0.1", "::1", "::ffff:10.0.0.1", "fe80::1", "128.0.0.0");
        var cases =
            from source in ports
            from destination in ports
            from peer in addresses
            from a in Gen.Int[0, 65535]
            from b in Gen.Int[0, 65535]
            select (Source: source, Destination: destination, Peer: peer, Range: new EphemeralPorts(Math.Min(a, b), Math.Max(a, b)));

        Properties.Check(cases, c =>
        {
            var family = c.Peer?.Contains(':', StringComparison.Ordinal) == true ? (byte)10 : (byte)2;
            var bytes = Socket(family, c.Source, family == 10 ? "::" : "0.0.0.0", c.Destination, c.Peer, state: 7, protocolAttribute: 17);
            SockDiagParser.TryReadMessage(bytes.AsSpan(16), out var message);
            (BpfMachine.Run(DestroyFilter.Build(c.Range), bytes) != 0).ShouldBe(DestroyRule.IsClosedListener(message, c.Range));
        }, 10_000);
    }

    [Theory]
    [InlineData("32768\t60999\n", 32768, 60999)]
    [InlineData("1024 65535", 1024, 65535)]
    public void EphemeralPorts_SysctlText_IsRead(string text, int first, int last)
    {
        EphemeralPorts.Parse(text).ShouldBe(new EphemeralPorts(first, last));
    }

    [Theory]
    [InlineData("")]
    [InlineData("32768")]
    [InlineData("60999 32768")]
    [InlineData("1 70000")]
    [InlineData("a b")]
    public void EphemeralPorts_OtherText_IsNotARange(string text)
    {
        EphemeralPorts.Parse(text).ShouldBeNull();
    }
}

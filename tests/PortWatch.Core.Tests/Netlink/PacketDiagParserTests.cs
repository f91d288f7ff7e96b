using PortWatch.Netlink;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Netlink;

/// <summary>The packet_diag parser on datagrams captured from this kernel (Fixtures/packet_diag/README.md) and on cut ones.</summary>
public sealed class PacketDiagParserTests
{
    [Fact]
    public void Parse_AsRoot_ReadsFilterInterfaceProtocolAndEnd()
    {
        var messages = new List<PacketDiagMessage>();

        var outcome = PacketDiagParser.Parse(Datagram("root.hex"), messages);

        outcome.End.ShouldBe(DatagramEnd.Done);
        outcome.Malformed.ShouldBe(0);
        messages.Count.ShouldBe(2);
        (messages[0] with { Inode = 0 }).ShouldBe(new PacketDiagMessage(3, 0x0003, 0, 0, 0, PacketFilter.Bpf, 1, null, 0));
        (messages[1] with { Inode = 0 }).ShouldBe(new PacketDiagMessage(2, 0x0806, 0, 0, 1, PacketFilter.None, 0, null, 0));
    }

    [Fact]
    public void Parse_WithoutCapNetAdmin_FilterIsUnknown()
    {
        var messages = new List<PacketDiagMessage>();

        PacketDiagParser.Parse(Datagram("no-net-admin.hex"), messages);

        messages.Select(m => m.Filter).ShouldBe([PacketFilter.Unknown, PacketFilter.Unknown]);
    }

    [Fact]
    public void Parse_CutShort_CountsTheMessageAndReadsNothingPastTheEnd()
    {
        var whole = Datagram("root.hex");
        for (var length = 0; length < whole.Length; length++)
        {
            var messages = new List<PacketDiagMessage>();
            var outcome = PacketDiagParser.Parse(whole.AsSpan(0, length), messages);
            outcome.End.ShouldBe(DatagramEnd.More, $"cut at {length}");
            messages.Count.ShouldBeLessThanOrEqualTo(2);
        }
    }

    [Fact]
    public void TryReadMessage_AnAttributeLongerThanTheMessage_IsMalformed()
    {
        var message = Datagram("root.hex")[16..84];
        message[16] = 0xff; // PACKET_DIAG_INFO's length, now past the end

        PacketDiagParser.TryReadMessage(message, out _).ShouldBeFalse();
    }

    private static byte[] Datagram(string name) => Convert.FromHexString(Fixtures.Read("packet_diag", name).Trim());
}

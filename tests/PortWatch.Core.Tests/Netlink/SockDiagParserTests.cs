using PortWatch.Netlink;
using Shouldly;
using Xunit;
using static PortWatch.Core.Tests.Netlink.SockDiagBytes;

namespace PortWatch.Core.Tests.Netlink;

public sealed class SockDiagParserTests
{
    [Fact]
    public void Parse_MultiPartDatagram_ReadsEverySocketAndKeepsGoing()
    {
        var messages = new List<SockDiagMessage>();

        var outcome = SockDiagParser.Parse(Concat(Socket(2, 22, "0.0.0.0"), Socket(10, 443, "::1", uid: 33, inode: 99)), messages);

        outcome.ShouldBe(new DatagramOutcome(DatagramEnd.More, 0, 0));
        messages.Count.ShouldBe(2);
        messages[0].Family.ShouldBe(SockDiag.AfInet);
        messages[0].SourcePort.ShouldBe(22);
        messages[0].State.ShouldBe(SockDiag.StateListen);
        messages[0].HasNoPeer.ShouldBeTrue();
        messages[1].SourcePort.ShouldBe(443);
        messages[1].SourceAddress.ShouldBe(UInt128.One);
        messages[1].Uid.ShouldBe(33u);
        messages[1].Inode.ShouldBe(99ul);
    }

    [Fact]
    public void Parse_Done_EndsTheDumpWithItsError()
    {
        SockDiagParser.Parse(Concat(Socket(2, 22, "0.0.0.0"), Done()), []).End.ShouldBe(DatagramEnd.Done);
        SockDiagParser.Parse(Done(2), []).ShouldBe(new DatagramOutcome(DatagramEnd.Done, 2, 0)); // ENOENT: no diag module.
    }

    [Fact]
    public void Parse_MessagesOfAnotherSequence_AreSkippedAndCountedAndTheirDoneEndsNothing()
    {
        var messages = new List<SockDiagMessage>();

        var outcome = SockDiagParser.Parse(Concat(Socket(2, 22, "0.0.0.0", sequence: 9), Done(), Socket(2, 80, "0.0.0.0", sequence: 1)), messages, sequence: 1);

        outcome.ShouldBe(new DatagramOutcome(DatagramEnd.More, 0, 0, 2));
        messages.Select(m => m.SourcePort).ShouldBe([80]);
    }

    [Fact]
    public void Parse_Error_EndsTheDumpWithTheErrno()
    {
        SockDiagParser.Parse(Error(22), []).ShouldBe(new DatagramOutcome(DatagramEnd.Error, 22, 0));
    }

    [Fact]
    public void Parse_PeerAndProtocolAttribute_AreRead()
    {
        var messages = new List<SockDiagMessage>();

        SockDiagParser.Parse(Socket(2, 40000, "127.0.0.1", 22, "127.0.0.1", state: 7, protocolAttribute: 6), messages);

        var message = messages.ShouldHaveSingleItem();
        message.DestinationPort.ShouldBe(22);
        message.HasNoPeer.ShouldBeFalse();
        message.Protocol.ShouldBe((byte)6);
    }

    [Fact]
    public void Parse_ShortSocketMessageOrUnknownFamily_IsCountedAndSkipped()
    {
        var shortMessage = Socket(2, 22, "0.0.0.0")[..40];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(shortMessage, 40);
        var badFamily = Socket(2, 22, "0.0.0.0");
        badFamily[16] = 99;
        var messages = new List<SockDiagMessage>();

        var outcome = SockDiagParser.Parse(Concat(shortMessage, badFamily, Socket(2, 80, "0.0.0.0")), messages);

        outcome.Malformed.ShouldBe(2);
        messages.ShouldHaveSingleItem().SourcePort.ShouldBe(80);
    }

    [Fact]
    public void Parse_LengthBeyondTheDatagram_StopsThereAndCountsIt()
    {
        var lying = Socket(2, 22, "0.0.0.0");
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(lying, 4000);

        var outcome = SockDiagParser.Parse(Concat(Socket(2, 80, "0.0.0.0"), lying), []);

        outcome.ShouldBe(new DatagramOutcome(DatagramEnd.More, 0, 1));
    }
}

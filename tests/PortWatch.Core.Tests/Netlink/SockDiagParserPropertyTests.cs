using System.Buffers.Binary;
using CsCheck;
using PortWatch.Netlink;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Netlink;

/// <summary>
/// sock_diag datagrams, well-formed, cut anywhere, and corrupted: well-formed messages read back field for field,
/// a reply cut anywhere keeps every whole message before the cut and counts the cut one, and no bytes make the
/// parser throw, read outside the datagram or run without end.
/// </summary>
public sealed class SockDiagParserPropertyTests
{
    private const int Cases = 10_000;

    /// <summary>Generous: the whole run takes well under a second; only a parser that never returns takes this long.</summary>
    private static readonly TimeSpan Hung = TimeSpan.FromMinutes(2);

    [Fact]
    public void Parse_WellFormedReply_ReadsEveryMessageBackAndEndsWithDone()
    {
        var reply = from messages in Message.Array[0, 12] from error in Gen.Int[0, 200] select (messages, error);

        Properties.Check(reply, r =>
        {
            var parsed = new List<SockDiagMessage>();

            var outcome = SockDiagParser.Parse(Datagram(r.messages, done: r.error), parsed);

            outcome.ShouldBe(new DatagramOutcome(DatagramEnd.Done, r.error, 0));
            parsed.ShouldBe(r.messages.Select(m => m.Expected));
        }, Cases, r => Convert.ToHexString(Datagram(r.messages, done: r.error)));
    }

    [Fact]
    public void Parse_ReplyCutAnywhere_KeepsTheWholeMessagesBeforeTheCutAndCountsTheCutOne()
    {
        var cut =
            from messages in Message.Array[1, 8]
            from done in Gen.Bool
            from at in Gen.Int[0, 2000]
            select (messages, done, at);

        Properties.Check(cut, c =>
        {
            var whole = Datagram(c.messages, done: c.done ? 0 : null);
            var at = c.at % (whole.Length + 1);
            var ends = c.messages.Select(m => m.Bytes.Length).Aggregate(new List<int> { 0 }, (list, length) => [.. list, list[^1] + length]);
            var parsed = new List<SockDiagMessage>();

            var outcome = SockDiagParser.Parse(whole.AsSpan(0, at), parsed);

            var complete = ends.Count(end => end <= at) - 1;
            parsed.ShouldBe(c.messages.Take(complete).Select(m => m.Expected));
            var doneWhole = c.done && at == whole.Length;
            outcome.End.ShouldBe(doneWhole ? DatagramEnd.Done : DatagramEnd.More);
            outcome.Malformed.ShouldBe(ends.Contains(at) || doneWhole ? 0 : 1);
        }, Cases);
    }

    [Fact]
    public async Task Parse_CorruptedOrRandomBytes_NeverThrowsReadsOnlyTheDatagramAndEnds()
    {
        var corrupted =
            from messages in Message.Array[0, 6]
            from done in Gen.Bool
            from edits in Edit.Array[1, 6]
            select edits.Aggregate(Datagram(messages, done: done ? 2 : null), (bytes, edit) => edit(bytes));
        var bytes = Gen.Frequency((3, corrupted), (1, Gen.Byte.Array[0, 600]));

        var run = Task.Run(() => Properties.Check(bytes, datagram =>
        {
            var parsed = new List<SockDiagMessage>();
            var outcome = Should.NotThrow(() => SockDiagParser.Parse(datagram, parsed));

            parsed.Count.ShouldBeLessThanOrEqualTo(datagram.Length / (16 + 72));
            outcome.Malformed.ShouldBeInRange(0, datagram.Length / 16 + 1);

            // The same bytes inside a larger buffer with other bytes after them read the same: nothing past the end is looked at.
            var inBuffer = new byte[datagram.Length + 512];
            datagram.CopyTo(inBuffer, 0);
            Array.Fill(inBuffer, (byte)0xa5, datagram.Length, 512);
            var again = new List<SockDiagMessage>();
            SockDiagParser.Parse(inBuffer.AsSpan(0, datagram.Length), again).ShouldBe(outcome);
            again.ShouldBe(parsed);
        }, Cases, Convert.ToHexString), TestContext.Current.CancellationToken);

        var finished = await Task.WhenAny(run, Task.Delay(Hung, TestContext.Current.CancellationToken));
        finished.ShouldBe(run, "the parser did not return: a length made it loop");
        await run;
    }

    /// <summary>A socket message as the kernel lays it out, with the message the parser should read from it.</summary>
    private sealed record Generated(byte[] Bytes, SockDiagMessage Expected);

    private static readonly Gen<(ushort Type, byte[] Value)> Attribute = Gen.Frequency(
        (2, Gen.Select(Gen.OneOf<ushort>(1, 2, 5, 11, 21, 0xffff), Gen.Byte.Array[0, 40])),
        (2, Gen.Select(Gen.Const<ushort>(SockDiag.AttributeProtocol), Gen.OneOf(SockDiag.IpProtoTcp, SockDiag.IpProtoUdp, (byte)0, (byte)132).Select(p => new[] { p }))),
        (1, Gen.Select(Gen.Const<ushort>(SockDiag.AttributeProtocol), Gen.Byte.Array[0, 0])));

    private static readonly Gen<Generated> Message =
        from family in Gen.OneOf(SockDiag.AfInet, SockDiag.AfInet6)
        from state in Gen.Byte
        from sport in Gen.UShort
        from dport in Gen.UShort
        from source in Gen.Byte.Array[family == SockDiag.AfInet ? 4 : 16]
        from destination in Gen.Byte.Array[family == SockDiag.AfInet ? 4 : 16]
        from cookie in Gen.ULong
        from uid in Gen.UInt
        from inode in Gen.UInt
        from attributes in Attribute.Array[0, 4]
        from sequence in Gen.UInt
        select Write(family, state, sport, dport, source, destination, cookie, uid, inode, attributes, sequence);

    /// <summary>An edit of a datagram: a length field set to anything, a byte flipped, a cut, a message repeated.</summary>
    private static readonly Gen<Func<byte[], byte[]>> Edit = Gen.Frequency<Func<byte[], byte[]>>(
        (2, from at in Gen.Int[0, 1000] from length in Gen.Frequency((1, Gen.UInt), (2, Gen.UInt[0, 200])) select new Func<byte[], byte[]>(b => SetUInt32(b, at, length))),
        (2, from at in Gen.Int[0, 1000] from length in Gen.UShort select new Func<byte[], byte[]>(b => SetUInt16(b, at, length))),
        (2, from at in Gen.Int[0, 1000] from value in Gen.Byte select new Func<byte[], byte[]>(b => b.Length == 0 ? b : [.. b[..(at % b.Length)], value, .. b[(at % b.Length + 1)..]])),
        (1, from at in Gen.Int[0, 1000] select new Func<byte[], byte[]>(b => b[..(at % (b.Length + 1))])),
        (1, Gen.Const(new Func<byte[], byte[]>(b => [.. b, .. b]))));

    private static Generated Write(
        byte family, byte state, ushort sport, ushort dport, byte[] source, byte[] destination, ulong cookie, uint uid, uint inode,
        (ushort Type, byte[] Value)[] attributes, uint sequence)
    {
        var attributeBytes = attributes.Sum(a => Align(4 + a.Value.Length));
        var message = new byte[16 + 72 + attributeBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)message.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(4), SockDiag.SockDiagByFamily);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(6), SockDiag.FlagMulti);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8), sequence);
        var body = message.AsSpan(16);
        body[0] = family;
        body[1] = state;
        BinaryPrimitives.WriteUInt16BigEndian(body[4..], sport);
        BinaryPrimitives.WriteUInt16BigEndian(body[6..], dport);
        source.CopyTo(body[8..]);
        destination.CopyTo(body[24..]);
        BinaryPrimitives.WriteUInt64LittleEndian(body[44..], cookie);
        BinaryPrimitives.WriteUInt32LittleEndian(body[64..], uid);
        BinaryPrimitives.WriteUInt32LittleEndian(body[68..], inode);
        var at = 72;
        foreach (var (type, value) in attributes)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(body[at..], (ushort)(4 + value.Length));
            BinaryPrimitives.WriteUInt16LittleEndian(body[(at + 2)..], type);
            value.CopyTo(body[(at + 4)..]);
            at += Align(4 + value.Length);
        }

        var protocol = attributes.FirstOrDefault(a => a.Type == SockDiag.AttributeProtocol && a.Value.Length >= 1).Value is { } p ? p[0] : (byte)0;
        return new Generated(message, new SockDiagMessage(
            family, state, sport, dport, Address(source), Address(destination), cookie, uid, inode, protocol));
    }

    private static UInt128 Address(byte[] bytes)
    {
        var sixteen = new byte[16];
        bytes.CopyTo(sixteen, 0);
        return BinaryPrimitives.ReadUInt128BigEndian(sixteen);
    }

    private static byte[] Datagram(Generated[] messages, int? done)
    {
        byte[] all = [.. messages.SelectMany(m => m.Bytes)];
        return done is { } error ? [.. all, .. SockDiagBytes.Done(error)] : all;
    }

    private static int Align(int length) => (length + 3) & ~3;

    private static byte[] SetUInt32(byte[] bytes, int at, uint value)
    {
        if (bytes.Length < 4)
        {
            return bytes;
        }

        var copy = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(at % (bytes.Length - 3)), value);
        return copy;
    }

    private static byte[] SetUInt16(byte[] bytes, int at, ushort value)
    {
        if (bytes.Length < 2)
        {
            return bytes;
        }

        var copy = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(at % (bytes.Length - 1)), value);
        return copy;
    }
}

using System.Globalization;
using System.Net;
using System.Text;
using CsCheck;
using PortWatch.Sockets;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Sockets;

/// <summary>
/// /proc/net/{tcp,tcp6,udp,udp6} on truncated, corrupted and random input: the parser never throws, skips and counts
/// every line it cannot read, and keeps every line it can.
/// </summary>
public sealed class ProcNetParserPropertyTests
{
    private const int Cases = 10_000;

    /// <summary>What <see cref="MemoryExtensions.EnumerateLines(ReadOnlySpan{char})"/> ends a line on: never inside a generated line.</summary>
    private const string LineBreaks = "\r\n\f\u0085\u2028\u2029";

    private static readonly (string Name, TransportProtocol Protocol, IpFamily Family)[] Tables =
    [
        ("tcp", TransportProtocol.Tcp, IpFamily.IPv4),
        ("tcp6", TransportProtocol.Tcp, IpFamily.IPv6),
        ("udp", TransportProtocol.Udp, IpFamily.IPv4),
        ("udp6", TransportProtocol.Udp, IpFamily.IPv6),
    ];

    [Fact]
    public void Parse_GoodTableWithGarbageLinesInserted_GivesExactlyTheGoodSocketsAndCountsEachGarbageLine()
    {
        var cases =
            from table in Gen.OneOf(Tables)
            from good in GoodLine(table.Family).Array[0, 12]
            from garbage in GarbageLine(table.Family).Array[0, 12]
            from blank in Gen.OneOf("", " ", "\t", "   \t ").Array[0, 3]
            from order in Gen.Int.Array[good.Length + garbage.Length + blank.Length]
            from crlf in Gen.Bool
            from finalBreak in Gen.Bool
            select (table, good, garbage, blank, order, crlf, finalBreak);

        Properties.Check(cases, c =>
        {
            // Good, garbage and blank lines shuffled together after the header, as the kernel's header always comes first.
            var body = c.good.Select(g => g.Line).Concat(c.garbage).Concat(c.blank)
                .Zip(c.order).OrderBy(p => p.Second).Select(p => p.First);
            var header = c.table.Family == IpFamily.IPv4 ? ProcNetLine.Tcp4Header : ProcNetLine.Tcp6Header;
            var text = string.Join(c.crlf ? "\r\n" : "\n", [header, .. body]) + (c.finalBreak ? "\n" : "");

            var result = ProcNetParser.Parse(text, c.table.Protocol, c.table.Family, littleEndian: true);

            var expected = c.good
                .Zip(c.order.Take(c.good.Length)).OrderBy(p => p.Second).Select(p => p.First)
                .Where(g => g.Listening(c.table.Protocol))
                .Select(g => g.Record(c.table.Protocol, c.table.Family));
            result.Listeners.ShouldBe(expected);
            result.MalformedLines.ShouldBe(c.garbage.Length);
        }, Cases, c => string.Join(" | ", c.garbage));
    }

    [Fact]
    public void Parse_MutatedCapturedTables_NeverThrowsAndEachLineIsReadOnItsOwn()
    {
        // Captured tables with lines truncated, bytes flipped, bytes inserted and deleted: every line parses as it would
        // alone, so a bad line cannot take a good one with it, and the untouched lines keep their sockets.
        var cases =
            from table in Gen.OneOf(Tables)
            from mutations in Mutation.Array[1, 6]
            select (table, mutations);

        Properties.Check(cases, c =>
        {
            var original = Fixtures.Read("proc", c.table.Name);
            var bytes = Encoding.UTF8.GetBytes(original);
            foreach (var mutation in c.mutations)
            {
                bytes = mutation.Apply(bytes);
            }

            var text = Encoding.UTF8.GetString(bytes); // As File.ReadAllText reads it: bad UTF-8 becomes U+FFFD.

            var result = Should.NotThrow(() => ProcNetParser.Parse(text, c.table.Protocol, c.table.Family, littleEndian: true));

            var lines = Lines(text);
            var header = lines.FindIndex(l => l.Trim().Length > 0);
            var alone = lines.Select((line, i) => i == header
                    ? ProcNetParser.Parse(line, c.table.Protocol, c.table.Family, littleEndian: true)
                    : ProcNetParser.Parse(ProcNetLine.Tcp4Header + "\n" + line, c.table.Protocol, c.table.Family, littleEndian: true))
                .ToList();
            result.Listeners.ShouldBe(alone.SelectMany(r => r.Listeners));
            result.MalformedLines.ShouldBe(alone.Sum(r => r.MalformedLines));

            var originalLines = original.Split('\n');
            var kept = ProcNetParser.Parse(string.Join('\n', originalLines.Where(lines.Contains)), c.table.Protocol, c.table.Family, littleEndian: true);
            kept.Listeners.ShouldBeSubsetOf(result.Listeners, "an untouched line keeps its socket");
        }, Cases, c => string.Join(", ", c.mutations));
    }

    [Fact]
    public void Parse_RandomBytes_NeverThrowsAndNeverReportsMoreThanItsLines()
    {
        var noise = Gen.Frequency(
            (2, Gen.Byte.Array[0, 1000]),
            (1, Gen.OneOf([.. " \t\n:0123456789ABCDEFsl"u8]).Array[0, 1000]));
        Properties.Check(Gen.Select(Gen.OneOf(Tables), noise, Gen.Bool), c =>
        {
            var (table, bytes, littleEndian) = c;
            var text = Encoding.UTF8.GetString(bytes);

            var result = Should.NotThrow(() => ProcNetParser.Parse(text, table.Protocol, table.Family, littleEndian));

            var lines = Lines(text).Count(l => l.Trim().Length > 0);
            (result.Listeners.Count + result.MalformedLines).ShouldBeLessThanOrEqualTo(lines);
            foreach (var socket in result.Listeners)
            {
                (socket.Port is >= 0 and <= 65535 && socket.Protocol == table.Protocol && socket.Family == table.Family).ShouldBeTrue(socket.ToString());
            }
        }, Cases, c => Convert.ToHexString(c.Item2));
    }

    /// <summary>A socket line as the kernel writes it, with the socket it describes.</summary>
    private sealed record Good(string Line, IPAddress Address, int Port, string State, ulong Inode, uint Uid, IPAddress Remote, int RemotePort)
    {
        public bool Listening(TransportProtocol protocol) => protocol == TransportProtocol.Tcp
            ? State == ProcNetLine.Listen
            : State == ProcNetLine.UdpUnconnected && RemotePort == 0 && (Remote.Equals(IPAddress.Any) || Remote.Equals(IPAddress.IPv6Any));

        public SocketRecord Record(TransportProtocol protocol, IpFamily family) => new(protocol, family, Address, Port, Inode, Uid);

        public override string ToString() => Line;
    }

    private static Gen<IPAddress> Address(IpFamily family) => family == IpFamily.IPv4
        ? Gen.Frequency((1, Gen.Const(IPAddress.Any)), (4, Gen.Byte.Array[4].Select(b => new IPAddress(b))))
        : Gen.Frequency((1, Gen.Const(IPAddress.IPv6Any)), (4, Gen.Byte.Array[16].Select(b => new IPAddress(b))));

    private static Gen<Good> GoodLine(IpFamily family) =>
        from slot in Gen.Int[0, 99_999]
        from address in Address(family)
        from port in Gen.Int[0, 65535]
        from state in Gen.Frequency(
            (3, Gen.Const(ProcNetLine.Listen)),
            (3, Gen.Const(ProcNetLine.UdpUnconnected)),
            (2, Gen.Byte.Select(b => b.ToString("X2", CultureInfo.InvariantCulture))))
        from inode in Gen.Frequency((3, Gen.ULong[0, 10_000_000]), (1, Gen.ULong))
        from uid in Gen.UInt
        from connected in Gen.Bool
        from remote in connected ? Address(family) : Gen.Const(family == IpFamily.IPv4 ? IPAddress.Any : IPAddress.IPv6Any)
        from remotePort in connected ? Gen.Int[0, 65535] : Gen.Const(0)
        select new Good(
            ProcNetLine.Format(slot, address.ToString(), port, state, inode, remote.ToString(), remotePort, uid),
            address, port, state, inode, uid, remote, remotePort);

    /// <summary>A line that cannot be a socket, by construction: cut before its inode, one field spoiled, or noise.</summary>
    private static Gen<string> GarbageLine(IpFamily family) => Gen.Frequency(
        (2, from good in GoodLine(family)
            from cut in Gen.Int[1, 1000]
            select Truncated(good.Line, cut)),
        (3, from good in GoodLine(family)
            from field in Gen.OneOf(1, 2, 3, 7, 9)
            from bad in BadField(field, family)
            select Replace(good.Line, field, bad)),
        (2, from tokens in Token.Array[1, 9]
            from separator in Gen.OneOf(" ", "\t", "  ")
            select string.Join(separator, tokens)),
        (1, from tokens in Token.Array[10, 14]
            select string.Join(' ', [tokens[0].EndsWith(':') ? tokens[0] + "x" : tokens[0], .. tokens[1..]])));

    /// <summary>A run of characters with no field separator or line break in it and something other than white space.</summary>
    private static readonly Gen<string> Token = Gen.Frequency(
            (3, Gen.String[Gen.Char.Where(c => c is not (' ' or '\t') && !LineBreaks.Contains(c)), 1, 12]),
            (2, Gen.OneOf("sl", "sl:", "0:", "0A", "07", "00000000:0000", "0100007F:0016", "local_address", "inode", "-1", "\u00a0")))
        .Where(t => t.Any(c => !char.IsWhiteSpace(c)));

    private static Gen<string> BadField(int field, IpFamily family) => field switch
    {
        1 or 2 => Gen.Frequency(
            (1, Gen.String[Gen.Char["0123456789ABCDEF"], 0, 40].Where(h => h.Length != (family == IpFamily.IPv4 ? 8 : 32)).Select(h => h + ":0016")),
            (1, Gen.Const(family == IpFamily.IPv4 ? "0100ZZ7F:0016" : "0000000000000000FFFF0000010000ZZ:0016")),
            (1, Gen.Const(family == IpFamily.IPv4 ? "0100007F:016" : "00000000000000000000000000000000:00016")),
            (1, Gen.Const(family == IpFamily.IPv4 ? "0100007F-0016" : "00000000000000000000000000000000:G016"))),
        3 => Gen.OneOf("ZZ", "-", "0x0A", "LISTEN", "+0A"),
        7 => Gen.OneOf("-1", "4294967296", "+0", "root", "1e3", "0x10"),
        _ => Gen.OneOf("-1", "18446744073709551616", "notaninode", "12a", "+1", "0x10"),
    };

    private static string Truncated(string line, int cut)
    {
        // Cut somewhere before the inode (field 9), so that fewer than ten fields are left.
        var inode = FieldStart(line, 9);
        var kept = line[..(1 + (cut % (inode - 1)))].TrimEnd();
        return kept.Trim().Length == 0 ? "0" : kept;
    }

    private static string Replace(string line, int field, string value)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        fields[field] = value;
        return "  " + string.Join(' ', fields);
    }

    private static List<string> Lines(string text)
    {
        var lines = new List<string>();
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            lines.Add(line.ToString());
        }

        return lines;
    }

    private static int FieldStart(string line, int field)
    {
        var seen = -1;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] != ' ' && (i == 0 || line[i - 1] == ' ') && ++seen == field)
            {
                return i;
            }
        }

        throw new ArgumentException($"no field {field} in {line}", nameof(field));
    }

    /// <summary>One change to a file's bytes: cut it short, flip a byte, insert or delete a few.</summary>
    private sealed record Mutate(string Kind, int At, byte[] Bytes)
    {
        public byte[] Apply(byte[] input)
        {
            if (input.Length == 0)
            {
                return Kind == "insert" ? Bytes : input;
            }

            var at = At % input.Length;
            return Kind switch
            {
                "truncate" => input[..at],
                "flip" => [.. input[..at], (byte)(input[at] ^ (Bytes.Length > 0 ? Bytes[0] | 1 : 1)), .. input[(at + 1)..]],
                "insert" => [.. input[..at], .. Bytes, .. input[at..]],
                _ => [.. input[..at], .. input[Math.Min(input.Length, at + 1 + Bytes.Length)..]],
            };
        }

        public override string ToString() => $"{Kind}@{At}:{Convert.ToHexString(Bytes)}";
    }

    private static readonly Gen<Mutate> Mutation =
        from kind in Gen.OneOf("truncate", "flip", "flip", "insert", "delete")
        from at in Gen.Int[0, 100_000]
        from bytes in Gen.Frequency((2, Gen.Byte.Array[1, 8]), (1, Gen.OneOf([.. " :\n\t0A"u8]).Array[1, 3]))
        select new Mutate(kind, at, bytes);
}

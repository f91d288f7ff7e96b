using System.Globalization;
using System.Text;
using CsCheck;
using PortWatch.ProcFs;
using PortWatch.Processes;
using PortWatch.Scanning;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Processes;

/// <summary>
/// A process names itself anything (prctl(PR_SET_NAME)): its comm is up to 15 bytes of anything. Whatever the bytes,
/// the label is printable UTF-8, reads back to those bytes, differs from every other name's, and cannot pass for two
/// names in the comma-joined process label.
/// </summary>
public sealed class ProcessNamePropertyTests
{
    private const int Cases = 20_000;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Bytes that matter to an escaper or a parser, far more often than chance would draw them.</summary>
    private static readonly byte[] Special = [.. "\\,()x0123456789abcdefABCDEF \n\t\r\"="u8, 0x00, 0x1b, 0x7f, 0x80, 0xbf, 0xc0, 0xc3, 0xe2, 0xed, 0xef, 0xf0, 0xf4, 0xf8, 0xff];

    /// <summary>A comm: 0 to 15 bytes, of noise, special bytes and pieces of real UTF-8 (letters, marks, RTL overrides, emoji).</summary>
    internal static readonly Gen<byte[]> Comm =
        Gen.Frequency(
                (3, Gen.Byte.Select(b => new[] { b })),
                (3, Gen.OneOf(Special).Select(b => new[] { b })),
                (2, Gen.Char.Select(c => Encoding.UTF8.GetBytes(c.ToString()))),
                (1, Gen.OneOf("ü", "日", "\u202e", "\u200b", "\u2028", "😀", "unknown", @"\x5c", @"\x2c").Select(s => Encoding.UTF8.GetBytes(s))))
            .Array[0, 15]
            .Select(chunks => chunks.SelectMany(c => c).Take(15).ToArray());

    [Fact]
    public void FromComm_AnyFifteenBytes_IsPrintableUtf8ThatReadsBackToTheBytes()
    {
        Properties.Check(Comm, comm =>
        {
            var label = ProcessName.FromComm([.. comm, (byte)'\n']);

            Should.NotThrow(() => StrictUtf8.GetBytes(label), "the label is valid UTF-8 (no lone surrogate)");
            foreach (var rune in label.EnumerateRunes())
            {
                Rune.GetUnicodeCategory(rune).ShouldNotBeOneOf(
                    UnicodeCategory.Control, UnicodeCategory.Format, UnicodeCategory.LineSeparator, UnicodeCategory.ParagraphSeparator);
            }

            label.ShouldNotContain(',');
            label.ShouldNotBe(ProcessName.Unknown, "only a process whose name cannot be read is unknown");
            Unescape(label).ShouldBe(comm);
        }, Cases, Hex);
    }

    [Fact]
    public void FromComm_TwoDifferentNames_NeverGiveTheSameLabel()
    {
        // Pairs drawn independently almost never collide by chance; half the pairs are one name and a near miss of it.
        var nearMiss =
            from comm in Comm
            from at in Gen.Int[0, 14]
            from value in Gen.Byte
            select (comm, Mutate(comm, at, value));
        Properties.Check(Gen.Frequency((1, Gen.Select(Comm, Comm)), (1, nearMiss)), pair =>
        {
            var (a, b) = pair;
            if (!a.AsSpan().SequenceEqual(b))
            {
                ProcessName.FromComm([.. a, (byte)'\n']).ShouldNotBe(ProcessName.FromComm([.. b, (byte)'\n']));
            }
        }, Cases, p => $"{Hex(p.Item1)} / {Hex(p.Item2)}");
    }

    [Fact]
    public void ProcessLabel_AnyNames_SplitsOnCommasIntoExactlyThoseNames()
    {
        // Commas and backslashes in a name cannot forge a second name, nor hide one, in the comma-joined label.
        Properties.Check(Comm.Array[1, 5], comms =>
        {
            var processes = comms.Select((comm, i) => new ProcessInfo(100 + i, ProcessName.FromComm([.. comm, (byte)'\n']))).ToList();

            var label = ListenerBuilder.ProcessLabel(processes);

            label.Split(',').Select(Unescape).Select(Convert.ToHexString).Order(StringComparer.Ordinal)
                .ShouldBe(comms.Select(Convert.ToHexString).Distinct().Order(StringComparer.Ordinal));
        }, Cases / 4, c => string.Join(" / ", c.Select(Hex)));
    }

    [Fact]
    public void ParseStartTime_StatLineWithAnyName_ReadsField22AfterTheRightParenthesis()
    {
        // The kernel prints comm raw between parentheses: spaces, parentheses and newlines included.
        var stat =
            from pid in Gen.Int[1, 4_194_304]
            from comm in Comm
            from state in Gen.OneOf('R', 'S', 'D', 'Z', 'T', 'I')
            from fields in Gen.Long[-1, long.MaxValue].Array[18]
            from start in Gen.ULong
            select (pid, comm, state, fields, start);
        Properties.Check(stat, s =>
        {
            var line = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{s.pid} ("))
                .Concat(s.comm)
                .Concat(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
                    $") {s.state} {string.Join(' ', s.fields)} {s.start} 20000 300 0 0 0 0 0\n")))
                .ToArray();

            ProcFsRoot.ParseStartTime(line).ShouldBe(s.start);
        }, Cases, s => Hex(s.comm));
    }

    [Fact]
    public void ParseStartTime_TruncatedOrGarbageStat_ReturnsNullOrANumberAndNeverThrows()
    {
        var garbage = Gen.Frequency(
            (1, Gen.Byte.Array[0, 400]),
            (1, from comm in Comm from cut in Gen.Int[0, 200] select StatOf(comm)[..Math.Min(cut, StatOf(comm).Length)]));
        Properties.Check(garbage, bytes => Should.NotThrow(() => ProcFsRoot.ParseStartTime(bytes)), Cases, Hex);
    }

    private static byte[] StatOf(byte[] comm) =>
        [.. "42 ("u8, .. comm, .. ") S 1 1 1 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 123456 20000 300\n"u8];

    private static byte[] Mutate(byte[] comm, int at, byte value)
    {
        if (comm.Length == 0)
        {
            return [value];
        }

        var copy = (byte[])comm.Clone();
        copy[at % copy.Length] = value;
        return copy;
    }

    /// <summary>Reads a label back to bytes, independently of <see cref="ProcessName"/>: <c>\xNN</c> is a byte, anything else its UTF-8; <c>\empty</c> is no bytes.</summary>
    private static byte[] Unescape(string label)
    {
        if (label == @"\empty")
        {
            return [];
        }

        var bytes = new List<byte>();
        for (var i = 0; i < label.Length; i++)
        {
            if (label[i] == '\\')
            {
                label.Length.ShouldBeGreaterThanOrEqualTo(i + 4, $"a backslash is always \\xNN: {label}");
                label[i + 1].ShouldBe('x', label);
                bytes.Add(byte.Parse(label.AsSpan(i + 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                i += 3;
                continue;
            }

            var length = char.IsHighSurrogate(label[i]) ? 2 : 1;
            bytes.AddRange(StrictUtf8.GetBytes(label.Substring(i, length)));
            i += length - 1;
        }

        return [.. bytes];
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes);
}

using System.Globalization;
using System.Text;
using CsCheck;
using PortWatch.ProcFs;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.ProcFs;

/// <summary>The small readers of <see cref="ProcFsRoot"/> on any bytes: never a throw, only values of the right shape, and real values read back.</summary>
public sealed class ProcFsTextPropertyTests
{
    private const int Cases = 10_000;

    private static readonly Gen<string> Noise = Gen.Frequency(
        (2, Gen.Byte.Array[0, 60].Select(b => Encoding.UTF8.GetString(b))),
        (3, Gen.String[Gen.Char["0123456789 \t\n-+"], 0, 40]));

    [Fact]
    public void EphemeralPorts_AnyText_IsNullOrAnOrderedRangeOfPorts()
    {
        Properties.Check(Noise, text =>
        {
            if (EphemeralPorts.Parse(text) is { } range)
            {
                range.First.ShouldBeInRange(0, range.Last);
                range.Last.ShouldBeLessThanOrEqualTo(65535);
            }
        }, Cases, t => t);
    }

    [Fact]
    public void EphemeralPorts_TheSysctlAsTheKernelWritesIt_ReadsBack()
    {
        var range = from first in Gen.Int[0, 65535] from last in Gen.Int[first, 65535] select (first, last);
        Properties.Check(range, r =>
            EphemeralPorts.Parse(string.Create(CultureInfo.InvariantCulture, $"{r.first}\t{r.last}\n")).ShouldBe(new EphemeralPorts(r.first, r.last)), Cases);
    }

    [Fact]
    public void LinkTargets_AnyBytes_AreNotSocketsOrNamespacesUnlessWellFormed()
    {
        var target = Gen.Frequency(
            (2, Gen.Byte.Array[0, 40]),
            (2, from prefix in Gen.OneOf("socket:[", "net:[", "socket:", "pipe:[", "")
                from digits in Gen.String[Gen.Char["0123456789]-+ "], 0, 24]
                from close in Gen.OneOf("]", "", "]]")
                select Encoding.ASCII.GetBytes(prefix + digits + close)));
        Properties.Check(target, bytes =>
        {
            var text = Encoding.Latin1.GetString(bytes);
            if (ProcFsRoot.TryParseSocketInode(bytes, out var socket))
            {
                DigitsBetween(text, "socket:[").ShouldBe(socket);
            }

            if (ProcFsRoot.TryParseNamespaceInode(bytes, out var netns))
            {
                DigitsBetween(text, "net:[").ShouldBe(netns);
            }
        }, Cases, Convert.ToHexString);
    }

    /// <summary>The number in <c>prefix</c>digits<c>]</c>; null when the text is not that.</summary>
    private static ulong? DigitsBetween(string text, string prefix) =>
        text.StartsWith(prefix, StringComparison.Ordinal) && text.EndsWith(']') && text.Length > prefix.Length + 1
        && text[prefix.Length..^1].All(char.IsAsciiDigit)
        && ulong.TryParse(text[prefix.Length..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    [Fact]
    public void LinkTargets_AsTheKernelWritesThem_ReadBack()
    {
        Properties.Check(Gen.ULong, inode =>
        {
            ProcFsRoot.TryParseSocketInode(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"socket:[{inode}]")), out var socket).ShouldBeTrue();
            socket.ShouldBe(inode);
            ProcFsRoot.TryParseNamespaceInode(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"net:[{inode}]")), out var netns).ShouldBeTrue();
            netns.ShouldBe(inode);
        }, Cases);
    }
}

using System.Text;
using PortWatch.Processes;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Processes;

public sealed class ProcessNameTests
{
    [Fact]
    public void FromComm_PlainName_DropsTheTrailingNewline()
    {
        ProcessName.FromComm("nginx\n"u8).ShouldBe("nginx");
    }

    [Fact]
    public void FromComm_NameWithoutNewline_IsKept()
    {
        ProcessName.FromComm("sshd"u8).ShouldBe("sshd");
    }

    [Fact]
    public void FromComm_OnlyOneTrailingNewline_IsDropped()
    {
        ProcessName.FromComm("a\n\n"u8).ShouldBe(@"a\x0a");
    }

    [Fact]
    public void FromComm_QuoteKept_BackslashAndCommaEscaped()
    {
        ProcessName.FromComm("a\"b\\c,d\n"u8).ShouldBe(@"a""b\x5cc\x2cd");
    }

    [Fact]
    public void FromComm_NameThatLooksEscaped_CannotPassForOne()
    {
        ProcessName.FromComm(@"sshd\x0a"u8).ShouldNotBe(ProcessName.FromComm("sshd\n\n"u8));
    }

    [Theory]
    [InlineData("a\nb\n", @"a\x0ab")]
    [InlineData("a\tb\n", @"a\x09b")]
    [InlineData("a\u001bb\n", @"a\x1bb")]
    [InlineData("a\u007fb\n", @"a\x7fb")]
    [InlineData("\r\n", @"\x0d")]
    [InlineData("a\0b\n", @"a\x00b")]
    public void FromComm_ControlCharacters_AreWrittenAsHexEscapes(string comm, string expected)
    {
        ProcessName.FromComm(Encoding.UTF8.GetBytes(comm)).ShouldBe(expected);
    }

    [Fact]
    public void FromComm_InvalidUtf8_EscapesEachByte()
    {
        ProcessName.FromComm([(byte)'a', 0xff, 0xfe, (byte)'b', 0xc3, (byte)'\n']).ShouldBe(@"a\xff\xfeb\xc3");
    }

    [Fact]
    public void FromComm_TruncatedMultiByteSequence_EscapesEachByte()
    {
        // The first two bytes of a three-byte sequence (€ is E2 82 AC), then a plain letter.
        ProcessName.FromComm([0xe2, 0x82, (byte)'x']).ShouldBe(@"\xe2\x82x");
    }

    [Fact]
    public void FromComm_ValidMultiByteUtf8_IsKept()
    {
        ProcessName.FromComm(Encoding.UTF8.GetBytes("nginx-ü\n")).ShouldBe("nginx-ü");
        ProcessName.FromComm(Encoding.UTF8.GetBytes("日本\n")).ShouldBe("日本");
    }

    [Fact]
    public void FromComm_RightToLeftOverride_IsEscaped()
    {
        ProcessName.FromComm(Encoding.UTF8.GetBytes("ab\u202Ecd\n")).ShouldBe(@"ab\xe2\x80\xaecd");
    }

    [Fact]
    public void FromComm_ZeroWidthSpaceAndLineSeparator_AreEscaped()
    {
        ProcessName.FromComm(Encoding.UTF8.GetBytes("a\u200Bb\u2028c")).ShouldBe(@"a\xe2\x80\x8bb\xe2\x80\xa8c");
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { (byte)'\n' })]
    public void FromComm_Empty_IsNotUnknown(byte[] comm)
    {
        // prctl(PR_SET_NAME, "") is a name, not a process whose name cannot be read.
        ProcessName.FromComm(comm).ShouldBe(@"\empty");
    }

    [Fact]
    public void FromComm_NamedUnknown_CannotPassForAProcessThatCannotBeRead()
    {
        ProcessName.FromComm("unknown\n"u8).ShouldBe(@"\x75nknown");
        ProcessName.FromComm("unknown2\n"u8).ShouldBe("unknown2");
    }
}

using PortWatch.Cli;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Cli;

public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("World Wide Web HTTP", "World Wide Web HTTP")]
    [InlineData("nginx-ü", "nginx-ü")]
    [InlineData("two\nlines", "two\\x0alines")]
    [InlineData("\u001b[2Jcleared", "\\x1b[2Jcleared")]
    [InlineData("evil\u202Etxt", "evil\\u{202e}txt")]
    public void Escape_Text_KeepsPrintableAndEscapesControlAndFormat(string text, string escaped)
    {
        TerminalText.Escape(text).ShouldBe(escaped);
    }

    [Fact]
    public void Render_CellWithLineBreak_StaysOnOneLine()
    {
        var table = TextTable.Render(["A", "B"], [["x", "first\nsecond"]]);

        table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(2);
        table.ShouldContain("first\\x0asecond");
    }
}

using PortWatch.Registry;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Registry;

public sealed class CsvReaderTests
{
    [Fact]
    public void Read_PlainRows_SplitsOnCommas()
    {
        var rows = Read("a,b,c\n1,,3\n");

        rows.Select(r => r.Fields).ShouldBe([["a", "b", "c"], ["1", "", "3"]]);
        rows.Select(r => r.Line).ShouldBe([1, 2]);
    }

    [Fact]
    public void Read_QuotedComma_StaysInTheField()
    {
        Read("x,\"a, b\",y\n").ShouldHaveSingleItem().Fields.ShouldBe(["x", "a, b", "y"]);
    }

    [Fact]
    public void Read_DoubledQuotes_BecomeOneQuote()
    {
        Read("\"say \"\"hi\"\"\",\"\"\"\"\n").ShouldHaveSingleItem().Fields.ShouldBe(["say \"hi\"", "\""]);
    }

    [Fact]
    public void Read_EmptyQuotedField_IsEmpty()
    {
        Read("\"\",a\n").ShouldHaveSingleItem().Fields.ShouldBe(["", "a"]);
    }

    [Fact]
    public void Read_NewlineInsideQuotes_StaysInTheFieldAndLaterRowsKeepTheirLineNumbers()
    {
        var rows = Read("h1,h2\n\"line one\nline two\nline three\",x\nnext,row\n");

        rows.Count.ShouldBe(3);
        rows[1].Fields.ShouldBe(["line one\nline two\nline three", "x"]);
        rows[1].Line.ShouldBe(2);
        rows[2].Fields.ShouldBe(["next", "row"]);
        rows[2].Line.ShouldBe(5);
    }

    [Fact]
    public void Read_CrLf_EndsRecordsLikeLf()
    {
        var rows = Read("a,b\r\nc,d\r\n");

        rows.Select(r => r.Fields).ShouldBe([["a", "b"], ["c", "d"]]);
        rows.Select(r => r.Line).ShouldBe([1, 2]);
    }

    [Fact]
    public void Read_CrLfInsideQuotes_IsKeptInTheField()
    {
        var rows = Read("\"a\r\nb\",c\r\nd,e\r\n");

        rows[0].Fields.ShouldBe(["a\r\nb", "c"]);
        rows[1].Line.ShouldBe(3);
    }

    [Fact]
    public void Read_FinalLineWithoutNewline_IsARow()
    {
        var rows = Read("a,b\nc,d");

        rows.Select(r => r.Fields).ShouldBe([["a", "b"], ["c", "d"]]);
        rows[1].Line.ShouldBe(2);
    }

    [Fact]
    public void Read_FinalQuotedFieldWithoutNewline_IsARow()
    {
        Read("a,\"b,c\"").ShouldHaveSingleItem().Fields.ShouldBe(["a", "b,c"]);
    }

    [Fact]
    public void Read_TrailingComma_GivesAnEmptyLastField()
    {
        Read("a,\n").ShouldHaveSingleItem().Fields.ShouldBe(["a", ""]);
    }

    [Fact]
    public void Read_BlankLine_IsOneEmptyField()
    {
        Read("a\n\nb\n").Select(r => r.Fields).ShouldBe([["a"], [""], ["b"]]);
    }

    [Fact]
    public void Read_EmptyText_GivesNoRows()
    {
        Read("").ShouldBeEmpty();
    }

    [Fact]
    public void Read_UnterminatedQuote_ThrowsNamingTheLineAndColumnOfTheQuote()
    {
        var error = Should.Throw<FormatException>(() => Read("a,b\nc,d\ne,\"never closed\nmore\n"));

        error.Message.ShouldStartWith("line 3, column 3:");
        error.Message.ShouldContain("not closed");
    }

    [Fact]
    public void Read_QuoteInsideUnquotedField_ThrowsNamingTheLineAndColumn()
    {
        var error = Should.Throw<FormatException>(() => Read("a,b\nc,d\"e\n"));

        error.Message.ShouldStartWith("line 2, column 4:");
    }

    private static List<CsvRow> Read(string text) => [.. CsvReader.Read(new StringReader(text))];
}

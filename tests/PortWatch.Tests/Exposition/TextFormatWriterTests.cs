using System.Globalization;
using System.Text;
using PortWatch.Exposition;
using Prometheus;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Exposition;

public sealed class TextFormatWriterTests
{
    [Fact]
    public void Render_Gauge_WritesHelpTypeAndSeries()
    {
        var family = new MetricFamily("portwatch_test", "A test.", "a", "b").Add(1, "x", "y");

        Text(family).ShouldBe("# HELP portwatch_test A test.\n# TYPE portwatch_test gauge\nportwatch_test{a=\"x\",b=\"y\"} 1\n");
    }

    [Fact]
    public void Render_Help_EscapesBackslashAndNewlineButNotQuotes()
    {
        var family = new MetricFamily("m", "a\\b\nc \"q\"").Add(1);

        Text(family).ShouldStartWith("# HELP m a\\\\b\\nc \"q\"\n");
    }

    [Fact]
    public void Render_LabelValue_EscapesBackslashQuoteAndNewline()
    {
        var family = new MetricFamily("m", "h", "l").Add(1, "a\"b\\c\nd\te");

        Text(family).ShouldEndWith("m{l=\"a\\\"b\\\\c\\nd\te\"} 1\n");
    }

    [Fact]
    public void Render_EmptyLabelValue_IsWrittenEmpty()
    {
        Text(new MetricFamily("m", "h", "l").Add(0, "")).ShouldEndWith("m{l=\"\"} 0\n");
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(0.0, "0")]
    [InlineData(1.0, "1")]
    [InlineData(-3.0, "-3")]
    [InlineData(0.25, "0.25")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(1772366400.123, "1772366400.123")]
    [InlineData(1234567890123.0, "1234567890123")]
    [InlineData(0.001, "0.001")]
    [InlineData(1e-7, "1E-07")]
    public void FormatValue_Value_IsWrittenInTheTextFormat(double value, string text)
    {
        TextFormatWriter.FormatValue(value).ShouldBe(text);
    }

    [Fact]
    public void Render_UnderACultureWithCommaDecimalsAndOtherMinus_StillWritesInvariantNumbers()
    {
        // The build runs with invariant globalization, so de-DE's data is not available: this culture has what
        // matters of it (a decimal comma, a group dot) and a Unicode minus sign on top.
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = ".";
        culture.NumberFormat.NegativeSign = "\u2212";
        culture.NumberFormat.NaNSymbol = "keine Zahl";
        culture.NumberFormat.PositiveInfinitySymbol = "∞";
        1.5.ToString(culture).ShouldBe("1,5"); // the culture is in effect for culture-sensitive formatting
        var family = new MetricFamily("m", "h", "v")
            .Add(0.25, "a").Add(-1.5, "b").Add(1234567.5, "c").Add(double.NaN, "d").Add(double.PositiveInfinity, "e");
        var previous = CultureInfo.CurrentCulture;
        string text;
        try
        {
            CultureInfo.CurrentCulture = culture;
            text = Text(family);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        text.ShouldEndWith("m{v=\"a\"} 0.25\nm{v=\"b\"} -1.5\nm{v=\"c\"} 1234567.5\nm{v=\"d\"} NaN\nm{v=\"e\"} +Inf\n");
    }

    [Fact]
    public void Render_Series_AreSortedByLabelValuesInOrdinalOrder()
    {
        var family = new MetricFamily("m", "h", "a", "b")
            .Add(1, "y", "2").Add(2, "x", "b").Add(3, "x", "B").Add(4, "X", "z").Add(5, "y", "10");

        Text(family).Split('\n').Skip(2).ShouldBe(
        [
            "m{a=\"X\",b=\"z\"} 4",
            "m{a=\"x\",b=\"B\"} 3",
            "m{a=\"x\",b=\"b\"} 2",
            "m{a=\"y\",b=\"10\"} 5",
            "m{a=\"y\",b=\"2\"} 1",
            "",
        ]);
    }

    [Fact]
    public void Render_SameDataInAnotherOrder_IsTheSameBytes()
    {
        var first = new MetricFamily("m", "h", "a").Add(1, "p").Add(2, "q").Add(3, "r");
        var second = new MetricFamily("m", "h", "a").Add(3, "r").Add(1, "p").Add(2, "q");

        TextFormatWriter.Render(first, ExpositionFormat.PrometheusText).ShouldBe(TextFormatWriter.Render(second, ExpositionFormat.PrometheusText));
    }

    [Fact]
    public void Render_DuplicateSeries_Throws()
    {
        var family = new MetricFamily("m", "h", "a", "b").Add(1, "x", "y").Add(2, "z", "y").Add(3, "x", "y");

        Should.Throw<InvalidOperationException>(() => TextFormatWriter.Render(family, ExpositionFormat.PrometheusText)).Message.ShouldContain("m has two series");
    }

    [Fact]
    public void Render_TwoSeriesWithoutLabels_Throws()
    {
        var family = new MetricFamily("m", "h").Add(1).Add(2);

        Should.Throw<InvalidOperationException>(() => TextFormatWriter.Render(family, ExpositionFormat.PrometheusText));
    }

    [Fact]
    public void Render_EmptyFamily_WritesNothing()
    {
        TextFormatWriter.Render(new MetricFamily("m", "h", "a"), ExpositionFormat.PrometheusText).ShouldBeEmpty();
    }

    [Fact]
    public void Render_NonAsciiLabelValue_IsUtf8()
    {
        var bytes = TextFormatWriter.Render(new MetricFamily("m", "h", "p").Add(1, "nginx-ü"), ExpositionFormat.PrometheusText);

        bytes.ShouldBe(Encoding.UTF8.GetBytes("# HELP m h\n# TYPE m gauge\nm{p=\"nginx-\u00fc\"} 1\n"));
        bytes.Count(b => b == 0xC3).ShouldBe(1); // ü is C3 BC in UTF-8
    }

    [Fact]
    public void Write_ExistingBuilder_AppendsToIt()
    {
        var output = new StringBuilder("before\n");

        TextFormatWriter.Write(new MetricFamily("m", "h").Add(1), ExpositionFormat.PrometheusText, output);

        output.ToString().ShouldBe("before\n# HELP m h\n# TYPE m gauge\nm 1\n");
    }

    private static string Text(MetricFamily family) => Encoding.UTF8.GetString(TextFormatWriter.Render(family, ExpositionFormat.PrometheusText));
}

using PortWatch.Exposition;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Exposition;

public sealed class MetricFamilyTests
{
    [Theory]
    [InlineData("portwatch_listeners")]
    [InlineData("_private")]
    [InlineData("job:rate5m")]
    [InlineData("A9_b")]
    public void Constructor_ValidName_IsAccepted(string name)
    {
        new MetricFamily(name, "h").Name.ShouldBe(name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1abc")]
    [InlineData("a-b")]
    [InlineData("a b")]
    [InlineData("a.b")]
    [InlineData("ünicode")]
    public void Constructor_InvalidName_Throws(string name)
    {
        Should.Throw<ArgumentException>(() => new MetricFamily(name, "h")).Message.ShouldContain("not a valid metric name");
    }

    [Theory]
    [InlineData("")]
    [InlineData("1a")]
    [InlineData("a-b")]
    [InlineData("a:b")]
    [InlineData("__name__")]
    [InlineData("__reserved")]
    public void Constructor_InvalidLabelName_Throws(string label)
    {
        Should.Throw<ArgumentException>(() => new MetricFamily("m", "h", "ok", label)).Message.ShouldContain("not a valid label name");
    }

    [Fact]
    public void Constructor_RepeatedLabelName_Throws()
    {
        Should.Throw<ArgumentException>(() => new MetricFamily("m", "h", "a", "b", "a")).Message.ShouldContain("repeats a label name");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void Add_WrongNumberOfLabelValues_Throws(int count)
    {
        var family = new MetricFamily("m", "h", "a", "b");

        Should.Throw<ArgumentException>(() => family.Add(1, [.. Enumerable.Repeat("v", count)])).Message.ShouldContain("takes 2 label values");
    }

    [Fact]
    public void Add_Samples_AreKeptInOrderWithTheirValues()
    {
        var family = new MetricFamily("m", "h", "a").Add(2, "y").Add(1, "x");

        family.Samples.Select(s => (s.LabelValues[0], s.Value)).ShouldBe([("y", 2.0), ("x", 1.0)]);
        family.LabelNames.ShouldBe(["a"]);
        family.Help.ShouldBe("h");
    }
}

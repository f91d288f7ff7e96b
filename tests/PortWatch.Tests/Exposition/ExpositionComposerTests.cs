using System.Text;
using PortWatch.Exposition;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Exposition;

public sealed class ExpositionComposerTests
{
    [Fact]
    public void Compose_FamiliesInAnyOrder_AreJoinedInNameOrder()
    {
        RenderedFamily[] families = [Family("b_metric"), Family("a_metric"), Family("a_metric_total"), Family("B_metric")];

        var text = Encoding.UTF8.GetString(ExpositionComposer.Compose(families));

        text.ShouldBe(Text("B_metric") + Text("a_metric") + Text("a_metric_total") + Text("b_metric"));
    }

    [Fact]
    public void Compose_SameNameTwice_Throws()
    {
        Should.Throw<InvalidOperationException>(() => ExpositionComposer.Compose([Family("a"), Family("b"), Family("a")]))
            .Message.ShouldContain("metric family a is rendered twice");
    }

    [Fact]
    public void Compose_Nothing_IsEmpty()
    {
        ExpositionComposer.Compose([]).ShouldBeEmpty();
    }

    [Fact]
    public void Compose_EmptyFamily_ContributesNothing()
    {
        var empty = RenderedFamily.Of(new MetricFamily("a", MetricType.Gauge, "h", "l"));

        Encoding.UTF8.GetString(ExpositionComposer.Compose([empty, Family("b")])).ShouldBe(Text("b"));
    }

    private static RenderedFamily Family(string name) => RenderedFamily.Of(new MetricFamily(name, MetricType.Gauge, $"help of {name}").Add(1));

    private static string Text(string name) => $"# HELP {name} help of {name}\n# TYPE {name} gauge\n{name} 1\n";
}

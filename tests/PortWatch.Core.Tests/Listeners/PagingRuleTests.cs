using System.Text.RegularExpressions;
using PortWatch.Listeners;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Listeners;

public sealed partial class PagingRuleTests
{
    [Fact]
    public void Matchers_AreTheSelectorOfThePagingAlertRule()
    {
        var rules = File.ReadAllText(Repository.PathOf("alerts", "portwatch.rules.yml"));
        // The rule file is generated from mixin/ by std.manifestYamlDoc, which quotes every string value.
        var alert = PagingAlert().Match(rules);
        alert.Success.ShouldBeTrue("no PortwatchUnassignedWellKnownListener rule in alerts/portwatch.rules.yml");
        var start = alert.Index;
        var end = rules.IndexOf("- alert:", start + alert.Length, StringComparison.Ordinal);
        var rule = rules[start..(end < 0 ? rules.Length : end)];
        var expected = PagingRule.Matchers.Select(m => $"{m.Key}=\"{m.Value}\"").Order(StringComparer.Ordinal).ToList();

        var selectors = Selector().Matches(rule).Select(m => m.Groups[1].Value).ToList();

        selectors.Count.ShouldBeGreaterThan(0);
        foreach (var selector in selectors)
        {
            selector.Split(',', StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal).ToList().ShouldBe(expected, customMessage: $"portwatch_listener_info{{{selector}}}");
        }
    }

    [Theory]
    [InlineData("portwatch-fleet.json")]
    [InlineData("portwatch-host.json")]
    public void Matchers_AreTheSelectorOfEveryDashboardQueryForListenersThatPage(string dashboard)
    {
        var text = File.ReadAllText(Repository.PathOf("dashboards", dashboard)).Replace("\\\"", "\"", StringComparison.Ordinal);
        var expected = PagingRule.Matchers.Select(m => $"{m.Key}=\"{m.Value}\"").ToList();

        var paging = Selector().Matches(text).Select(m => m.Groups[1].Value).Where(s => s.Contains("iana_status=\"unassigned\"", StringComparison.Ordinal) && s.Contains("range=\"system\"", StringComparison.Ordinal)).ToList();

        paging.Count.ShouldBeGreaterThan(0);
        foreach (var selector in paging)
        {
            var matchers = selector.Split(',', StringSplitOptions.TrimEntries).Where(m => !m.StartsWith("job=", StringComparison.Ordinal) && !m.StartsWith("instance=", StringComparison.Ordinal));
            matchers.Order(StringComparer.Ordinal).ToList().ShouldBe(expected.Order(StringComparer.Ordinal).ToList(), customMessage: selector);
        }
    }

    [Fact]
    public void Matchers_NameLabelsOfTheListenerInfoSeries()
    {
        PagingRule.Matchers.ShouldAllBe(m => ListenerLabels.Info.Any(l => l.Name == m.Key));
    }

    [GeneratedRegex(@"portwatch_listener_info\{([^}]*)\}")]
    private static partial Regex Selector();

    [GeneratedRegex(@"^[ \t]*- alert: ""?PortwatchUnassignedWellKnownListener""?[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex PagingAlert();
}

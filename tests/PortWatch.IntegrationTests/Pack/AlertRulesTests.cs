using System.Text.RegularExpressions;
using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace PortWatch.IntegrationTests.Pack;

/// <summary>The alert rules and the example Alertmanager routing, checked by Prometheus's own tools.</summary>
public sealed partial class AlertRulesTests
{
    private static readonly string Rules = RepositoryPaths.InRoot("alerts", "portwatch.rules.yml");

    public static TheoryData<string> RuleTestFiles =>
        [.. Directory.GetFiles(RepositoryPaths.InRoot("alerts", "tests"), "*.yml").Order(StringComparer.Ordinal).Select(f => Path.GetFileName(f))];

    [Fact]
    public async Task Rules_PromtoolCheck_Passes()
    {
        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync("promtool", ["check", "rules", Rules]);

        exitCode.ShouldBe(0, stdout + stderr);
        stdout.ShouldContain("SUCCESS");
    }

    [Theory]
    [MemberData(nameof(RuleTestFiles))]
    public async Task Rules_PromtoolUnitTests_Pass(string file)
    {
        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync(
            "promtool", ["test", "rules", RepositoryPaths.InRoot("alerts", "tests", file)]);

        exitCode.ShouldBe(0, stdout + stderr);
        stdout.ShouldContain("SUCCESS");
    }

    [Fact]
    public void Rules_EveryAlert_HasAUnitTestSeverityAnnotationsAndARunbookSection()
    {
        var tests = string.Concat(Directory.GetFiles(RepositoryPaths.InRoot("alerts", "tests"), "*.yml").Select(File.ReadAllText));
        var headings = File.ReadAllLines(RepositoryPaths.InRoot("docs", "runbooks.md"))
            .Where(l => l.StartsWith("## ", StringComparison.Ordinal)).Select(l => l[3..].Trim().ToLowerInvariant()).ToHashSet();
        var alerts = AlertRules().ToList();

        alerts.Select(a => a.Name).ShouldContain("PortwatchUnassignedWellKnownListener");
        alerts.Select(a => a.Name).ShouldContain("PortwatchNewListener");
        foreach (var (name, labels, annotations) in alerts)
        {
            name.ShouldStartWith("Portwatch");
            tests.ShouldContain($"alertname: {name}", customMessage: $"{name} has no promtool test");
            labels.ShouldContainKey("severity", name);
            labels["severity"].ShouldBeOneOf("critical", "warning", "info");
            foreach (var key in new[] { "summary", "description", "runbook_url" })
            {
                annotations.ShouldContainKey(key, name);
            }

            var anchor = RunbookAnchor().Match(annotations["runbook_url"]);
            anchor.Success.ShouldBeTrue($"{name}: runbook_url {annotations["runbook_url"]} does not point into docs/runbooks.md (the exporter's /runbooks, or a copy of runbooks.md)");
            headings.ShouldContain(anchor.Groups["anchor"].Value, $"{name}: no runbook section #{anchor.Groups["anchor"].Value}");
        }
    }

    [Fact]
    public async Task AlertmanagerExample_AmtoolCheckConfig_Passes()
    {
        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync(
            "amtool", ["check-config", RepositoryPaths.InRoot("alerts", "alertmanager.example.yml")]);

        exitCode.ShouldBe(0, stdout + stderr);
        stdout.ShouldContain("SUCCESS");
    }

    [Theory]
    [InlineData("critical", "pager")]
    [InlineData("warning", "ticket")]
    [InlineData("info", "null")]
    public async Task AlertmanagerExample_RoutesBySeverity(string severity, string receiver)
    {
        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync(
            "amtool",
            ["config", "routes", "test", $"--config.file={RepositoryPaths.InRoot("alerts", "alertmanager.example.yml")}",
             $"severity={severity}", "alertname=PortwatchUnassignedWellKnownListener", "instance=host-a:10133"]);

        exitCode.ShouldBe(0, stdout + stderr);
        stdout.Trim().ShouldBe(receiver);
    }

    private static IEnumerable<(string Name, Dictionary<string, string> Labels, Dictionary<string, string> Annotations)> AlertRules()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Rules)));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        foreach (YamlMappingNode group in (YamlSequenceNode)root["groups"])
        {
            foreach (YamlMappingNode rule in (YamlSequenceNode)group["rules"])
            {
                if (rule.Children.TryGetValue("alert", out var alert))
                {
                    yield return (((YamlScalarNode)alert).Value!, Map(rule, "labels"), Map(rule, "annotations"));
                }
            }
        }
    }

    [Fact]
    public async Task Runbooks_TheExporterServesEverySectionTheAlertsLinkTo()
    {
        await using var exporter = await ExporterProcess.StartAsync();

        using var response = await exporter.Http.GetAsync("runbooks");
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().ShouldBe("text/html; charset=utf-8");
        foreach (var (name, _, annotations) in AlertRules())
        {
            // The default base (mixin/config.libsonnet) is the alert's own exporter.
            annotations["runbook_url"].ShouldStartWith("http://{{ $labels.instance }}/runbooks#", customMessage: name);
            var anchor = RunbookAnchor().Match(annotations["runbook_url"]).Groups["anchor"].Value;
            html.ShouldContain($"<h2 id=\"{anchor}\">{name}</h2>", customMessage: $"{name}: /runbooks has no section #{anchor}");
        }

        // What the binary serves is docs/runbooks.md of this commit, rendered: its code blocks too.
        html.ShouldContain("<pre><code");
        html.ShouldNotContain("<script", Case.Insensitive);
    }

    private static Dictionary<string, string> Map(YamlMappingNode rule, string key) =>
        rule.Children.TryGetValue(key, out var node)
            ? ((YamlMappingNode)node).Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value!)
            : [];

    // <runbookBaseUrl>#<anchor> (mixin/config.libsonnet): by default the exporter's own copy at
    // http://<instance>/runbooks; overridden, any URL of docs/runbooks.md (a wiki page, a static server's runbooks.md).
    [GeneratedRegex(@"^.+/(?:runbooks|runbooks\.md)#(?<anchor>[a-z0-9-]+)$")]
    private static partial Regex RunbookAnchor();
}

using System.Text.Json;
using System.Text.RegularExpressions;
using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Pack;

/// <summary>
/// The dashboards' contract (README's "Alerts and dashboards"): classic JSON, schemaVersion 39, read-only, the datasource, job and
/// instance variables, and on every panel the datasource variable and a unit. That every query is filtered by
/// job and instance, and that every query runs, is proven against a real Prometheus in the pipeline test.
/// </summary>
public sealed partial class DashboardTests
{
    [Theory]
    [InlineData("portwatch-fleet.json", "portwatch-fleet", "PortWatch / Fleet")]
    [InlineData("portwatch-host.json", "portwatch-host", "PortWatch / Host")]
    public void Dashboard_Model_FollowsTheContract(string file, string uid, string title)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.InRoot("dashboards", file)));
        var root = document.RootElement;

        root.GetProperty("uid").GetString().ShouldBe(uid);
        root.GetProperty("title").GetString().ShouldBe(title);
        root.GetProperty("schemaVersion").GetInt32().ShouldBe(39);
        root.GetProperty("editable").GetBoolean().ShouldBeFalse();
        var variables = root.GetProperty("templating").GetProperty("list").EnumerateArray()
            .ToDictionary(v => v.GetProperty("name").GetString()!, v => v.GetProperty("type").GetString()!);
        variables.ShouldContainKeyAndValue("datasource", "datasource");
        variables.ShouldContainKeyAndValue("job", "query");
        variables.ShouldContainKeyAndValue("instance", "query");

        var panels = DashboardQueries.Panels(root.GetProperty("panels")).Where(p => p.GetProperty("type").GetString() != "row").ToList();
        panels.ShouldNotBeEmpty();
        foreach (var panel in panels)
        {
            var name = panel.GetProperty("title").GetString();
            panel.GetProperty("datasource").GetProperty("uid").GetString().ShouldBe("${datasource}", name);
            panel.GetProperty("fieldConfig").GetProperty("defaults").GetProperty("unit").GetString().ShouldNotBeNullOrEmpty(name);
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                var expr = target.GetProperty("expr").GetString()!;
                expr.ShouldContain("job=~\"$job\"", customMessage: $"{name}: {expr}");
                expr.ShouldContain("instance=~\"$instance\"", customMessage: $"{name}: {expr}");
            }
        }
    }

    [Fact]
    public void Provisioning_Files_PointAtTheDashboards()
    {
        var provider = File.ReadAllText(RepositoryPaths.InRoot("dashboards", "provisioning", "dashboards.yml"));

        provider.ShouldContain("type: file");
        provider.ShouldContain("/var/lib/grafana/dashboards/portwatch");
        File.ReadAllText(RepositoryPaths.InRoot("dashboards", "provisioning", "datasources.yml")).ShouldContain("type: prometheus");
    }

    /// <summary>
    /// alerts/portwatch.rules.yml, the dashboards and deploy/kubernetes/prometheusrule.yaml are the output of the
    /// monitoring mixin: rendered again from mixin/, they are the committed files, byte for byte.
    /// </summary>
    [Fact]
    public async Task Mixin_RendersExactlyTheCommittedRulesDashboardsAndPrometheusRule()
    {
        var output = Directory.CreateTempSubdirectory("portwatch-mixin-").FullName;
        try
        {
            var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync(
                "bash", [RepositoryPaths.InRoot("mixin", "build.sh"), "--out", output], timeout: TimeSpan.FromMinutes(5));

            exitCode.ShouldBe(0, stdout + stderr);
            var rendered = Directory.GetFiles(output, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(output, f).Replace(Path.DirectorySeparatorChar, '/'))
                .Order(StringComparer.Ordinal).ToList();
            rendered.ShouldBe(
                new List<string> { "alerts/portwatch.rules.yml", "dashboards/portwatch-fleet.json", "dashboards/portwatch-host.json", "deploy/kubernetes/prometheusrule.yaml" },
                customMessage: stdout + stderr);
            foreach (var file in rendered)
            {
                (await File.ReadAllTextAsync(Path.Combine(output, file))).ShouldBe(
                    await File.ReadAllTextAsync(RepositoryPaths.InRoot(file.Split('/'))),
                    $"{file} is not what mixin/ renders: run mixin/build.sh and commit the result");
            }

            // Every dashboard in dashboards/ is one the mixin makes: no leftover of an older generator, none edited in by hand.
            Directory.GetFiles(RepositoryPaths.InRoot("dashboards"), "*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList()
                .ShouldBe(rendered.Where(f => f.StartsWith("dashboards/", StringComparison.Ordinal)).Select(f => Path.GetFileName(f)).ToList(),
                    customMessage: "a dashboard in dashboards/ that mixin/ does not make");
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>The containers and pods panels of the fleet dashboard (issue 8).</summary>
    [Theory]
    [InlineData("Listeners by container", "container!=\"none\"")]
    [InlineData("Listeners by pod", "pod!=\"none\"")]
    [InlineData("New listeners inside containers", "container!=\"none\"")]
    public void FleetDashboard_HasTheContainerAndPodPanels(string title, string matcher)
    {
        var panel = Panels("portwatch-fleet.json").Where(p => p.GetProperty("title").GetString() == title).ShouldHaveSingleItem(title);

        var expr = panel.GetProperty("targets").EnumerateArray().ShouldHaveSingleItem().GetProperty("expr").GetString()!;
        expr.ShouldContain($"portwatch_listener_info{{{matcher}, job=~\"$job\", instance=~\"$instance\"}}", customMessage: expr);
        if (title.StartsWith("New ", StringComparison.Ordinal))
        {
            // New as the new-listener panel and PortwatchNewListener define it: first seen after the baseline.
            expr.ShouldContain("portwatch_baseline_timestamp_seconds", customMessage: expr);
        }
    }

    /// <summary>
    /// A listener is (protocol, family, address, port, netns) of a target: every listener table shows the network
    /// namespace and the owners, and every join of the listener families is on netns too.
    /// </summary>
    [Theory]
    [InlineData("portwatch-fleet.json", "Unassigned well-known listeners")]
    [InlineData("portwatch-fleet.json", "New listeners in time range")]
    [InlineData("portwatch-fleet.json", "New listeners inside containers")]
    [InlineData("portwatch-host.json", "Listeners (last scan)")]
    public void ListenerTables_ShowNetnsAndOwners_AndJoinOnNetns(string dashboard, string title)
    {
        var panel = Panels(dashboard).Where(p => p.GetProperty("title").GetString() == title).ShouldHaveSingleItem(title);
        var organize = panel.GetProperty("transformations").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "organize").GetProperty("options");
        var columns = organize.GetProperty("indexByName").EnumerateObject().Select(p => p.Name).ToList();
        var excluded = organize.GetProperty("excludeByName").EnumerateObject().Where(p => p.Value.GetBoolean()).Select(p => p.Name).ToList();

        foreach (var label in new[] { "netns", "process", "unit", "container", "pod", "k8s_namespace" })
        {
            columns.ShouldContain(label, $"{dashboard}: {title}");
            excluded.ShouldNotContain(label, $"{dashboard}: {title}");
        }

        var expr = panel.GetProperty("targets").EnumerateArray().ShouldHaveSingleItem().GetProperty("expr").GetString()!;
        foreach (Match identityJoin in Join().Matches(expr))
        {
            identityJoin.Groups["labels"].Value.Split(',', StringSplitOptions.TrimEntries).ShouldContain("netns", expr);
        }

        foreach (Match carried in GroupLeft().Matches(expr))
        {
            var labels = carried.Groups["labels"].Value.Split(',', StringSplitOptions.TrimEntries);
            foreach (var label in new[] { "unit", "container", "pod", "k8s_namespace" })
            {
                labels.ShouldContain(label, expr);
            }
        }
    }

    /// <summary>
    /// Issue 17: the listener tables show the executable, the host dashboard has a table of packet and raw sockets, and
    /// the fleet dashboard counts hosts with what PortwatchListenerFromHiddenExecutable and PortwatchFilteredPacketSocket
    /// page on, with their selectors to the letter.
    /// </summary>
    [Theory]
    [InlineData("portwatch-fleet.json", "Hosts with hidden executables", "PortwatchListenerFromHiddenExecutable", "portwatch_packet_sockets")]
    [InlineData("portwatch-fleet.json", "Hosts with hidden executables", "PortwatchListenerFromHiddenExecutable", "portwatch_listener_info")]
    [InlineData("portwatch-fleet.json", "Hosts with filtered packet sockets", "PortwatchFilteredPacketSocket", "portwatch_packet_sockets")]
    public void FleetDashboard_CountsHostsWithWhatThePacketAndExecutableAlertsPageOn(string dashboard, string title, string alert, string metric)
    {
        var panel = Panels(dashboard).Where(p => p.GetProperty("title").GetString() == title).ShouldHaveSingleItem(title);
        var expr = panel.GetProperty("targets").EnumerateArray().ShouldHaveSingleItem().GetProperty("expr").GetString()!;
        var rules = File.ReadAllText(RepositoryPaths.InRoot("alerts", "portwatch.rules.yml"));
        var selector = Regex.Match(rules, $@"alert: ""{alert}""(?:(?!- alert:)[\s\S])*?{metric}\{{(?<m>[^}}]*)\}}");
        selector.Success.ShouldBeTrue($"{alert} has no rule over {metric}");

        expr.ShouldContain($"{metric}{{{selector.Groups["m"].Value}, job=~\"$job\", instance=~\"$instance\"}}", customMessage: expr);
    }

    [Fact]
    public void HostDashboard_HasThePacketSocketTable_AndTheListenerTableShowsTheExecutable()
    {
        var packets = Panels("portwatch-host.json").Where(p => p.GetProperty("title").GetString() == "Packet and raw sockets (last scan)").ShouldHaveSingleItem();
        packets.GetProperty("targets").EnumerateArray().ShouldHaveSingleItem().GetProperty("expr").GetString()
            .ShouldBe("portwatch_packet_sockets{job=~\"$job\", instance=~\"$instance\"}");
        foreach (var (title, label) in new[] { ("Packet and raw sockets (last scan)", "filter"), ("Packet and raw sockets (last scan)", "executable"), ("Listeners (last scan)", "executable") })
        {
            var organize = Panels("portwatch-host.json").Single(p => p.GetProperty("title").GetString() == title)
                .GetProperty("transformations").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "organize").GetProperty("options");
            organize.GetProperty("indexByName").EnumerateObject().Select(p => p.Name).ShouldContain(label, title);
        }
    }

    private static List<JsonElement> Panels(string dashboard)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.InRoot("dashboards", dashboard)));
        return [.. DashboardQueries.Panels(document.RootElement.GetProperty("panels")).Select(p => p.Clone())];
    }

    // A join on a listener's identity: on (..., port, ...) followed by group_left or group_right, or `or on (...)`.
    [GeneratedRegex(@"on \((?<labels>[^)]*\bport\b[^)]*)\)")]
    private static partial Regex Join();

    // The labels a join carries over from portwatch_listener_info.
    [GeneratedRegex(@"group_left \((?<labels>[^)]*\bprocess\b[^)]*)\)")]
    private static partial Regex GroupLeft();
}

using System.Text.Json;
using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Pack;

/// <summary>
/// The dashboards' contract (SPEC section 9): classic JSON, schemaVersion 39, read-only, the datasource, job and
/// instance variables, and on every panel the datasource variable and a unit. That every query is filtered by
/// job and instance, and that every query runs, is proven against a real Prometheus in the pipeline test.
/// </summary>
public sealed class DashboardTests
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

    [Fact]
    public async Task Generator_RegeneratesExactlyTheCommittedDashboards()
    {
        var output = Directory.CreateTempSubdirectory("portwatch-dashboards-").FullName;
        try
        {
            var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync("python3", [RepositoryPaths.InRoot("dashboards", "generate-dashboards.py"), output]);

            exitCode.ShouldBe(0, stdout + stderr);
            foreach (var file in new[] { "portwatch-fleet.json", "portwatch-host.json" })
            {
                (await File.ReadAllTextAsync(Path.Combine(output, file))).ShouldBe(
                    await File.ReadAllTextAsync(RepositoryPaths.InRoot("dashboards", file)),
                    $"dashboards/{file} is not what the generator makes: run python3 dashboards/generate-dashboards.py and commit the result");
            }
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}

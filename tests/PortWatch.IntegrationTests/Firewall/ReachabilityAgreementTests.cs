using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Firewall;

/// <summary>
/// The kernel is the oracle: for each ruleset, loaded with the real nft into a namespace the test made, the
/// <c>reachable</c> label <c>portwatch list</c> gives a real listener there is compared with real connection attempts
/// from the outside namespace, from an allowed and from another source.
/// </summary>
public sealed class ReachabilityAgreementTests
{
    private const int Port = 8080;
    private static readonly byte[] Name = "pw-fw-test"u8.ToArray();

    public static TheoryData<string, string, string> Rulesets => new()
    {
        { "no ruleset", "", "yes" },
        { "accept policy", "table inet f { chain input { type filter hook input priority 0; policy accept; tcp dport 22 accept; } }", "yes" },
        { "drop policy", "table inet f { chain input { type filter hook input priority 0; policy drop; ct state established,related accept; iifname \"lo\" accept; tcp dport 22 accept; } }", "no" },
        { "source allow-list", $"table ip f {{ set admins {{ type ipv4_addr; flags interval; elements = {{ {FirewallTopology.Allowed}/32, 198.19.0.0/16 }}; }} chain input {{ type filter hook input priority 0; policy drop; ct state established,related accept; ip saddr @admins tcp dport {Port} accept; }} }}", "some" },
        { "verdict map and jump", $"table inet f {{ chain web {{ ip saddr {FirewallTopology.Allowed} accept; return; }} chain input {{ type filter hook input priority 0; policy drop; ct state established,related accept; tcp dport vmap {{ 22 : accept, {Port} : jump web }}; }} }}", "some" },
        { "drop at a later priority", $"table inet a {{ chain input {{ type filter hook input priority -10; policy accept; tcp dport {Port} accept; }} }} table ip b {{ chain input {{ type filter hook input priority 10; policy accept; tcp dport {Port} drop; }} }}", "no" },
    };

    [Theory]
    [MemberData(nameof(Rulesets))]
    public async Task Reachable_AgreesWithRealConnectionsFromOutside(string ruleset, string nft, string expected)
    {
        Assert.SkipUnless(Privileges.IsRoot, "network namespaces and nft need root, which this run does not have; as root (CI) this test runs");
        await using var topology = await FirewallTopology.CreateAsync();
        await topology.LoadAsync(Lines(nft));
        await using var listener = await TestListenerProcess.StartInNamespaceAsync(topology.Host.Name, Name, $"tcp:0.0.0.0:{Port}");

        var listed = (await topology.ListAsync()).Single(l => l.GetProperty("port").GetInt32() == Port && l.GetProperty("protocol").GetString() == "tcp");
        var fromAllowed = await topology.ConnectAsync(FirewallTopology.Allowed, Port);
        var fromOther = await topology.ConnectAsync(FirewallTopology.Other, Port);

        var kernel = (fromAllowed, fromOther) switch
        {
            (true, true) => "yes",
            (false, false) => "no",
            _ => "some",
        };
        kernel.ShouldBe(expected, $"{ruleset}: the kernel's own verdicts (from {FirewallTopology.Allowed}: {fromAllowed}, from {FirewallTopology.Other}: {fromOther})");
        listed.GetProperty("reachable").GetString().ShouldBe(kernel, ruleset);
    }

    [Fact]
    public async Task Reachable_WithoutCapNetAdmin_IsUnknown()
    {
        Assert.SkipUnless(Privileges.IsRoot, "network namespaces, nft and setpriv need root, which this run does not have; as root (CI) this test runs");
        await using var topology = await FirewallTopology.CreateAsync();
        await topology.LoadAsync(Lines("table inet f { chain input { type filter hook input priority 0; policy drop; } }"));
        await using var listener = await TestListenerProcess.StartInNamespaceAsync(topology.Host.Name, Name, $"tcp:0.0.0.0:{Port}");

        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync(
            "ip",
            ["netns", "exec", topology.Host.Name, "setpriv", "--bounding-set", "-net_admin", "--inh-caps", "-net_admin",
             RepositoryPaths.Dotnet, RepositoryPaths.Exporter, "list", "--output", "json", "--scan.namespaces", "host"]);

        exitCode.ShouldBe(0, stderr);
        var listed = System.Text.Json.JsonDocument.Parse(stdout).RootElement.EnumerateArray()
            .Single(l => l.GetProperty("port").GetInt32() == Port);
        listed.GetProperty("reachable").GetString().ShouldBe("unknown");
    }

    /// <summary>A ruleset written on one line here, as nft's file syntax wants it: a statement a line.</summary>
    private static string Lines(string nft) => nft.Replace("; ", "\n", StringComparison.Ordinal).Replace("} ", "}\n", StringComparison.Ordinal);
}

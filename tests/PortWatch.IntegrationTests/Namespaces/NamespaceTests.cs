using System.Globalization;
using System.Text.Json;
using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Namespaces;

/// <summary>
/// Listeners inside real network namespaces (ip netns), owned by a process in a cgroup named as a docker container's:
/// <c>list</c> and <c>/metrics</c> show them with their namespace and container, through netlink (setns, as root)
/// and through /proc/&lt;pid&gt;/net when CAP_SYS_ADMIN is dropped; <c>--scan.namespaces=host</c> does not.
/// </summary>
public sealed class NamespaceTests
{
    private const string NeedsRoot = "making network namespaces (ip netns) and cgroups needs root, which this run does not have; as root (CI) this test runs";
    private static readonly int[] BriefPorts = [8, 10, 12];
    private static readonly string[] WithoutSysAdmin = ["setpriv", "--inh-caps=-sys_admin", "--bounding-set=-sys_admin", "--"];

    [Fact]
    public async Task List_ListenerInANamespaceAndAContainer_ShowsBoth_HostOnlyDoesNot()
    {
        Assert.SkipUnless(Privileges.IsRoot, NeedsRoot);
        await using var netns = await NetworkNamespace.CreateAsync();
        using var cgroup = ContainerCgroup.Create();
        await using var listener = await TestListenerProcess.StartInNamespaceAsync(netns.Name, cgroup.Procs, "pw-inside"u8.ToArray(), "tcp:0.0.0.0:12", "udp:0.0.0.0:12");

        var all = await ListAsync();
        var host = await ListAsync("--scan.namespaces=host");
        var procfs = await ListAsync("--scan.method=procfs");

        foreach (var listed in new[] { all, procfs })
        {
            var inside = listed.Where(e => e.GetProperty("netns").GetString() == netns.Label).ToList();
            inside.Select(e => (e.GetProperty("protocol").GetString(), e.GetProperty("port").GetInt32())).Order().ShouldBe([("tcp", 12), ("udp", 12)]);
            inside.ShouldAllBe(e => e.GetProperty("process").GetString() == "pw-inside");
            inside.ShouldAllBe(e => e.GetProperty("container").GetString() == cgroup.ShortId);
            inside.ShouldAllBe(e => e.GetProperty("unit").GetString() == "none");
            inside.ShouldAllBe(e => e.GetProperty("pod").GetString() == "none");
        }

        host.ShouldNotContain(e => e.GetProperty("netns").GetString() != "host");
    }

    [Theory]
    [InlineData("netlink")]
    [InlineData("procfs")]
    public async Task List_RunInsideANamespace_ItsOwnListenersAreHostOnce_AndTheTestsNamespaceIsItsInode(string method)
    {
        // The exporter's own namespace is "host" (SPEC 3), read once: not again under its inode, whichever namespace
        // pid 1 is in and whether its ns/net can be read at all.
        Assert.SkipUnless(Privileges.IsRoot, NeedsRoot);
        await using var netns = await NetworkNamespace.CreateAsync();
        await using var inside = await TestListenerProcess.StartInNamespaceAsync(netns.Name, "pw-own"u8.ToArray(), "tcp:0.0.0.0:12");
        await using var outside = await TestListenerProcess.StartAsync("pw-outside"u8.ToArray(), "tcp:127.0.0.1:0");
        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync(
            "ip", ["netns", "exec", netns.Name, RepositoryPaths.Dotnet, RepositoryPaths.Exporter, "list", "--output", "json", $"--scan.method={method}"]);
        exitCode.ShouldBe(0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var listed = json.RootElement.EnumerateArray().ToList();
        string Netns(string process) =>
            listed.Where(e => e.GetProperty("process").GetString() == process).ShouldHaveSingleItem(stdout).GetProperty("netns").GetString()!;

        Netns("pw-own").ShouldBe("host");
        var ours = new FileInfo("/proc/self/ns/net").LinkTarget.ShouldNotBeNull();
        Netns("pw-outside").ShouldBe(ours["net:[".Length..^1]);
    }

    [Theory]
    [InlineData(false, "netlink")]
    [InlineData(true, "procfs")]
    public async Task Metrics_ListenerInANamespace_IsASeriesWithItsNetns(bool dropSysAdmin, string access)
    {
        Assert.SkipUnless(Privileges.IsRoot, NeedsRoot);
        await using var netns = await NetworkNamespace.CreateAsync();
        await using var exporter = await ExporterProcess.StartUnderAsync(dropSysAdmin ? WithoutSysAdmin : [], defaults: false);
        await using var listener = await TestListenerProcess.StartInNamespaceAsync(netns.Name, "pw-inside"u8.ToArray(), "tcp:0.0.0.0:12");

        var metrics = await exporter.ScrapeUntilAsync(m => m.Contains($"port=\"12\",netns=\"{netns.Label}\"", StringComparison.Ordinal), TimeSpan.FromSeconds(20));

        metrics.ShouldContain($"portwatch_scan_namespaces_info{{requested=\"all\",access=\"{access}\"}} 1");
        metrics.ShouldContain($"portwatch_listener_first_seen_timestamp_seconds{{protocol=\"tcp\",family=\"ipv4\",address=\"0.0.0.0\",port=\"12\",netns=\"{netns.Label}\"}}");
        // reachable sits between exposure and range; other namespaces' rulesets are not read yet, so it is not asserted here.
        metrics.Split('\n').ShouldContain(line =>
            line.StartsWith($"portwatch_listener_info{{protocol=\"tcp\",family=\"ipv4\",address=\"0.0.0.0\",port=\"12\",netns=\"{netns.Label}\",exposure=\"wildcard\",reachable=\"", StringComparison.Ordinal)
            && line.Contains(",range=\"system\",iana_status=\"unassigned\",iana_service=\"none\",process=\"pw-inside\"", StringComparison.Ordinal));
        if (dropSysAdmin)
        {
            exporter.Log.ShouldContain("without CAP_SYS_ADMIN");
        }
    }

    [Fact]
    public async Task DestroyEvents_ListenerThatLivesBetweenScansInsideANamespace_IsRecordedWithItsNetns()
    {
        Assert.SkipUnless(Privileges.IsRoot, NeedsRoot);
        await using var netns = await NetworkNamespace.CreateAsync();
        await using (var sleeper = await TestListenerProcess.StartInNamespaceAsync(netns.Name, "pw-sleeper"u8.ToArray(), "tcp:127.0.0.1:0"))
        {
            // A scan every 10 s: the namespace is entered at the first, and the brief listener falls between two.
            await using var exporter = await ExporterProcess.StartAsync("--scan.interval=10s");
            await exporter.ScrapeUntilAsync(HearsOtherNamespaces, TimeSpan.FromSeconds(30));
            var started = DateTimeOffset.UtcNow;
            var (exitCode, _, stderr) = await ProcessRunner.RunAsync("ip", ["netns", "exec", netns.Name, RepositoryPaths.Dotnet, RepositoryPaths.TestListener, "--lifetime-ms", "50", "tcp:0.0.0.0:12"]);
            exitCode.ShouldBe(0, stderr);
            (DateTimeOffset.UtcNow - started).ShouldBeLessThan(TimeSpan.FromSeconds(9), "the listener was meant to live between two scans");

            // With the tracer a scan may see it open first; recorded means closed, with its last-seen time.
            var lastSeen = $"portwatch_listener_last_seen_timestamp_seconds{{protocol=\"tcp\",family=\"ipv4\",address=\"0.0.0.0\",port=\"12\",netns=\"{netns.Label}\"}}";
            var metrics = await exporter.ScrapeUntilAsync(m => m.Contains(lastSeen, StringComparison.Ordinal), TimeSpan.FromSeconds(25));
            metrics.ShouldContain(lastSeen);
        }
    }

    [Fact]
    public async Task DestroyEvents_NamespaceNoProcessIsIn_IsHeardAndItsBriefListenersAreRecorded()
    {
        // ip netns add makes a namespace that only a bind mount in /run/netns holds (as VPN, CNI and test tooling do):
        // no process is inside until ip netns exec runs one, too briefly for any scan to see.
        Assert.SkipUnless(Privileges.IsRoot, NeedsRoot);
        await using var netns = await NetworkNamespace.CreateAsync();
        await using var exporter = await ExporterProcess.StartAsync("--scan.interval=10s");
        await exporter.ScrapeUntilAsync(HearsOtherNamespaces, TimeSpan.FromSeconds(30));

        var started = DateTimeOffset.UtcNow;
        foreach (var port in BriefPorts)
        {
            var (exitCode, _, stderr) = await ProcessRunner.RunAsync(
                "ip", ["netns", "exec", netns.Name, RepositoryPaths.Dotnet, RepositoryPaths.TestListener, "--lifetime-ms", "50", $"tcp:0.0.0.0:{port.ToString(CultureInfo.InvariantCulture)}"]);
            exitCode.ShouldBe(0, stderr);
        }

        (DateTimeOffset.UtcNow - started).ShouldBeLessThan(TimeSpan.FromSeconds(9), "the listeners were meant to live between two scans");
        // With the tracer a scan may see them open first; recorded means closed, with their last-seen times.
        string LastSeen(int p) => $"portwatch_listener_last_seen_timestamp_seconds{{protocol=\"tcp\",family=\"ipv4\",address=\"0.0.0.0\",port=\"{p.ToString(CultureInfo.InvariantCulture)}\",netns=\"{netns.Label}\"}}";
        var metrics = await exporter.ScrapeUntilAsync(m => BriefPorts.All(p => m.Contains(LastSeen(p), StringComparison.Ordinal)), TimeSpan.FromSeconds(25));
        foreach (var port in BriefPorts)
        {
            metrics.ShouldContain(LastSeen(port));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Pipeline_Tcp12InsideANamespace_Pages(bool dropSysAdmin)
    {
        Assert.SkipUnless(Privileges.IsRoot, NeedsRoot);
        var directory = Directory.CreateTempSubdirectory("portwatch-netns-pipeline-").FullName;
        try
        {
            await using var netns = await NetworkNamespace.CreateAsync();
            using var cgroup = ContainerCgroup.Create();
            await using var webhook = await WebhookReceiver.StartAsync();
            await using var alertmanager = await PipelineServers.StartAlertmanagerAsync(webhook, directory);
            await using var exporter = await ExporterProcess.StartUnderAsync(dropSysAdmin ? WithoutSysAdmin : [], defaults: false);
            await using var prometheus = await PipelineServers.StartPrometheusAsync(exporter, alertmanager, directory);
            var instance = $"127.0.0.1:{exporter.Port.ToString(CultureInfo.InvariantCulture)}";
            await PipelineServers.WaitForAsync(prometheus, $"portwatch_baseline_timestamp_seconds{{instance=\"{instance}\"}}", 1);

            await using var intruder = await TestListenerProcess.StartInNamespaceAsync(netns.Name, cgroup.Procs, "pw-intruder"u8.ToArray(), "tcp:0.0.0.0:12");
            var page = await webhook.WaitForAsync(
                n => n.Receiver == "pager" && n.Status == "firing" && n.Labels["alertname"] == "PortwatchUnassignedWellKnownListener"
                    && n.Labels.GetValueOrDefault("netns") == netns.Label && n.Labels.GetValueOrDefault("container") == cgroup.ShortId,
                TimeSpan.FromSeconds(60));

            page.Labels["port"].ShouldBe("12");
            page.Labels["instance"].ShouldBe(instance);
            page.Labels["process"].ShouldBe("pw-intruder");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<List<JsonElement>> ListAsync(params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await ProcessRunner.PortwatchAsync(["list", "--output", "json", .. arguments]);
        exitCode.ShouldBe(0, stderr);
        using var json = JsonDocument.Parse(stdout);
        return [.. json.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    /// <summary>
    /// A scan has read every namespace and follows the destroy events of at least one: the test's, made before the
    /// exporter started (the host may hold namespaces of its own, so the counts are at least, not exactly, these).
    /// </summary>
    private static bool HearsOtherNamespaces(string metrics) =>
        Scrape.Series(metrics, "portwatch_network_namespaces") is [{ Value: >= 2 }]
        && Scrape.Series(metrics, "portwatch_destroy_events_namespaces") is [{ Value: >= 1 }];
}

using System.Text.RegularExpressions;
using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Tracing;

/// <summary>
/// The eBPF tracer on the real kernel: a TCP listener on 12 and a UDP socket bound on 10 that live 1 ms are in
/// <c>/metrics</c> with the test program's name and its cgroup owner, on the host and inside a network namespace
/// with CAP_SYS_ADMIN dropped (CAP_BPF kept), where no destroy event reaches the exporter; with the tracer off
/// (<c>none</c>, and as nobody) the labels are today's, and <c>--scan.tracer=ebpf</c> as nobody stops the start.
/// </summary>
public sealed partial class TracerTests(ITestOutputHelper output)
{
    private const string NeedsRoot = "the tracer needs CAP_BPF, CAP_PERFMON and CAP_NET_ADMIN (root here), and the namespace and cgroup need root; as root (CI) this test runs";
    private static readonly string[] WithoutSysAdmin = ["setpriv", "--inh-caps=-sys_admin", "--bounding-set=-sys_admin", "--"];
    private static readonly string[] Nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"];
    private static readonly TimeSpan OneMillisecond = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task ListenersOf1Millisecond_OnTheHost_AreNamedWithTheirProcess()
    {
        Assert.SkipUnless(Privileges.IsRoot, NeedsRoot);
        await using var exporter = await ExporterProcess.StartAsync();
        (await exporter.ScrapeAsync()).ShouldContain("portwatch_tracer_info{mode=\"ebpf\",reason=\"attached\"} 1");

        await using (var blink = await TestListenerProcess.OpenBrieflyAsync("pw-traced"u8.ToArray(), OneMillisecond, "tcp:127.0.0.1:12", "udp:127.0.0.1:10"))
        {
            await blink.WaitForExitAsync();
        }

        var body = await exporter.ScrapeUntilAsync(b => Info(b, "tcp", 12, "host") is not null && Info(b, "udp", 10, "host") is not null);
        foreach (var (protocol, port) in new[] { ("tcp", 12), ("udp", 10) })
        {
            var info = Info(body, protocol, port, "host")!;
            output.WriteLine(info);
            info.ShouldContain("process=\"pw-traced\"");
            info.ShouldNotContain("unit=\"unknown\"");
        }
    }

    [Fact]
    public async Task ListenersOf1Millisecond_InANamespace_WithoutSysAdmin_AreNamedWithTheirProcessAndContainer()
    {
        Assert.SkipUnless(Privileges.IsRoot, NeedsRoot);
        await using var netns = await NetworkNamespace.CreateAsync();
        using var cgroup = ContainerCgroup.Create();
        await using var exporter = await ExporterProcess.StartUnderAsync(WithoutSysAdmin, defaults: false);
        var before = await exporter.ScrapeAsync();
        before.ShouldContain("portwatch_tracer_info{mode=\"ebpf\",reason=\"attached\"} 1");
        before.ShouldContain("access=\"procfs\""); // No setns: the namespace's destroy events are not heard.

        await using (var blink = await TestListenerProcess.OpenBrieflyInNamespaceAsync(netns.Name, cgroup.Procs, "pw-contained"u8.ToArray(), OneMillisecond, "tcp:0.0.0.0:12", "udp:0.0.0.0:10"))
        {
            await blink.WaitForExitAsync();
        }

        var body = await exporter.ScrapeUntilAsync(b => Info(b, "tcp", 12, netns.Label) is not null && Info(b, "udp", 10, netns.Label) is not null);
        foreach (var (protocol, port) in new[] { ("tcp", 12), ("udp", 10) })
        {
            var info = Info(body, protocol, port, netns.Label)!;
            output.WriteLine(info);
            info.ShouldContain("process=\"pw-contained\"");
            info.ShouldContain($"container=\"{cgroup.ShortId}\"");
        }
    }

    [Fact]
    public async Task TracerNone_ListenerOf1Millisecond_IsTodays_OwnerUnknown()
    {
        Assert.SkipUnless(Privileges.IsRoot, NeedsRoot);
        await using var exporter = await ExporterProcess.StartAsync("--scan.tracer=none");
        (await exporter.ScrapeAsync()).ShouldContain("portwatch_tracer_info{mode=\"none\",reason=\"--scan.tracer=none\"} 1");
        await exporter.WaitForLogAsync("eBPF tracer off (--scan.tracer=none)");
        await WaitForNextScanAsync(exporter);
        await using (var blink = await TestListenerProcess.OpenBrieflyAsync("pw-untraced"u8.ToArray(), OneMillisecond, "tcp:127.0.0.1:12"))
        {
            await blink.WaitForExitAsync();
        }

        var body = await exporter.ScrapeUntilAsync(b => Info(b, "tcp", 12, "host") is not null);
        Info(body, "tcp", 12, "host")!.ShouldContain("process=\"unknown\""); // Its destroy event, as today: a uid, no owner.
        body.ShouldNotContain("portwatch_tracer_events_total");
    }

    [Fact]
    public async Task AsNobody_TracerOffWithTheReason_AndEbpfStopsTheStart()
    {
        Assert.SkipUnless(Privileges.IsRoot, Privileges.NeedsRootToSwitchUser);
        using var copy = new UnprivilegedCopy();
        await using (var exporter = await ExporterProcess.StartUnderAsync(Nobody, copy.Exporter, defaults: false))
        {
            (await exporter.ScrapeAsync()).ShouldContain(
                "portwatch_tracer_info{mode=\"none\",reason=\"the exporter holds neither CAP_BPF, CAP_PERFMON and CAP_NET_ADMIN nor CAP_SYS_ADMIN (or root)\"} 1");
            await exporter.WaitForLogAsync("eBPF tracer off (the exporter holds neither");
        }

        var (code, _, stderr) = await ProcessRunner.RunAsync(Nobody[0], [.. Nobody[1..], RepositoryPaths.Dotnet, copy.Exporter, "--web.listen-address=127.0.0.1:0", "--scan.tracer=ebpf"]);
        output.WriteLine(stderr);
        code.ShouldBe(2);
        stderr.ShouldContain("--scan.tracer=ebpf: the tracer cannot run: the exporter holds neither CAP_BPF");
    }

    /// <summary>The <c>portwatch_listener_info</c> line of one listener; null when there is none.</summary>
    private static string? Info(string body, string protocol, int port, string netns) =>
        body.Split('\n').FirstOrDefault(l => l.StartsWith("portwatch_listener_info{", StringComparison.Ordinal)
            && l.Contains($"protocol=\"{protocol}\"", StringComparison.Ordinal)
            && l.Contains($"port=\"{port}\"", StringComparison.Ordinal)
            && l.Contains($"netns=\"{netns}\"", StringComparison.Ordinal));

    private static async Task WaitForNextScanAsync(ExporterProcess exporter)
    {
        var before = ScansTotal().Match(await exporter.ScrapeAsync()).Value;
        await exporter.ScrapeUntilAsync(b => ScansTotal().Match(b).Value != before);
    }

    [GeneratedRegex(@"^portwatch_scans_total \S+$", RegexOptions.Multiline)]
    private static partial Regex ScansTotal();
}

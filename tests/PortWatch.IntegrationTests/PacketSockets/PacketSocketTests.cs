using System.Text.RegularExpressions;
using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.PacketSockets;

/// <summary>
/// Real AF_PACKET sockets, with and without a classic BPF filter, and raw ICMP, ICMPv6 and TCP sockets, held by a
/// native process in the host and in a network namespace the test makes: <c>/metrics</c> has each in
/// <c>portwatch_packet_sockets</c> with its kind, protocol, interface, filter, process and executable, as many as
/// <c>ss -0</c> and <c>ss -w</c> show; without CAP_NET_ADMIN the filter is unknown.
/// </summary>
public sealed partial class PacketSocketTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string NeedsRoot = "packet and raw sockets and network namespaces need root (CAP_NET_RAW, CAP_SYS_ADMIN), which this run does not have; as root (CI) this test runs";
    private static readonly string[] WithoutNetAdmin = ["setpriv", "--inh-caps=-net_admin", "--bounding-set=-net_admin", "--"];
    private static readonly string[] IdentityLabels = ["kind", "netns", "protocol", "interface", "filter", "process", "executable", "expected"];
    private readonly string directory = Path.Combine("/run", $"pw-packet-{Guid.NewGuid():N}");

    private string Holder => Path.Combine(directory, "socket-holder");

    public async ValueTask InitializeAsync()
    {
        if (Privileges.IsRoot && SocketHolder.CanBuild)
        {
            // A directory only root can write, under /run: the holder's executable class is "file".
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            await SocketHolder.BuildAsync(Holder);
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Metrics_PacketAndRawSocketsInTheHostAndANamespace_AreSeriesWithTheirLabels_AsManyAsSsShows()
    {
        Assert.SkipUnless(Privileges.IsRoot, NeedsRoot);
        Assert.SkipUnless(SocketHolder.CanBuild, SocketHolder.NeedsGcc);
        await using var netns = await NetworkNamespace.CreateAsync();
        await using var exporter = await ExporterProcess.StartAsync();
        await using var host = await SocketHolder.StartAsync(Holder, "pw-sniff", ["packet:0003:bpf", "packet:0003:bpf", "packet:0806", "raw4:1", "raw4:6", "raw6:58"]);
        await using var inside = await SocketHolder.StartAsync(Holder, "pw-sniff-ns", ["packet:0003:bpf", "raw4:1"], ["ip", "netns", "exec", netns.Name]);

        var metrics = await exporter.ScrapeUntilAsync(m => Packets(m).Any(s => s.Labels["process"] == "pw-sniff-ns") && Packets(m).Any(s => s.Labels["process"] == "pw-sniff"));

        var series = Packets(metrics).Where(s => s.Labels["process"].StartsWith("pw-sniff", StringComparison.Ordinal))
            .Select(s => (Identity(s.Labels), s.Value)).Order().ToList();
        series.ShouldBe(
        [
            ($"packet {netns.Label} all any bpf pw-sniff-ns file false", 1),
            ("packet host all any bpf pw-sniff file false", 2),
            ("packet host arp any none pw-sniff file false", 1),
            ($"raw {netns.Label} icmp unknown unknown pw-sniff-ns file false", 1),
            ("raw host icmp unknown unknown pw-sniff file false", 1),
            ("raw host ipv6-icmp unknown unknown pw-sniff file false", 1),
            ("raw host tcp unknown unknown pw-sniff file false", 1),
        ]);
        Scrape.Series(metrics, "portwatch_packet_socket_first_seen_timestamp_seconds")
            .Count(s => s.Labels["process"].StartsWith("pw-sniff", StringComparison.Ordinal)).ShouldBe(7);

        // Every socket ss shows, in the host and in the namespace, is counted with the same process.
        foreach (var (netnsLabel, launcher) in new[] { ("host", Array.Empty<string>()), (netns.Label, ["ip", "netns", "exec", netns.Name]) })
        {
            foreach (var (kind, flag) in new[] { ("packet", "-0"), ("raw", "-w") })
            {
                var listed = await SsProcessesAsync(launcher, flag);
                var exposed = Packets(metrics).Where(s => s.Labels["kind"] == kind && s.Labels["netns"] == netnsLabel)
                    .GroupBy(s => s.Labels["process"]).ToDictionary(g => g.Key, g => (int)g.Sum(s => s.Value));
                output.WriteLine($"netns {netnsLabel}, {kind}: ss {flag} {Describe(listed)}; portwatch_packet_sockets {Describe(exposed)}");
                exposed.ShouldBe(listed, ignoreOrder: true);
            }
        }
    }

    [Fact]
    public async Task Metrics_WithoutNetAdmin_FilterIsUnknown_AndTheSocketsAreStillThere()
    {
        Assert.SkipUnless(Privileges.IsRoot, NeedsRoot);
        Assert.SkipUnless(SocketHolder.CanBuild, SocketHolder.NeedsGcc);
        await using var exporter = await ExporterProcess.StartUnderAsync(WithoutNetAdmin, defaults: false);
        await using var host = await SocketHolder.StartAsync(Holder, "pw-sniff", ["packet:0003:bpf", "packet:0806", "raw4:1"]);

        var metrics = await exporter.ScrapeUntilAsync(m => Packets(m).Count(s => s.Labels["process"] == "pw-sniff") == 3);

        Packets(metrics).Where(s => s.Labels["process"] == "pw-sniff").Select(s => Identity(s.Labels)).Order().ShouldBe(
        [
            "packet host all any unknown pw-sniff file false",
            "packet host arp any unknown pw-sniff file false",
            "raw host icmp unknown unknown pw-sniff file false",
        ]);
        Scrape.Series(metrics, "portwatch_scan_success").Single().Value.ShouldBe(1);
    }

    [Fact]
    public async Task Restart_WithStateFile_KeepsThePacketSocketsFirstSeen()
    {
        Assert.SkipUnless(Privileges.IsRoot, NeedsRoot);
        Assert.SkipUnless(SocketHolder.CanBuild, SocketHolder.NeedsGcc);
        var state = Path.Combine(directory, "state.json");
        await using var host = await SocketHolder.StartAsync(Holder, "pw-sniff", ["packet:0003:bpf", "raw4:1"]);
        Dictionary<string, double> before;
        await using (var first = await ExporterProcess.StartAsync($"--state.file={state}"))
        {
            before = FirstSeen(await first.ScrapeUntilAsync(m => FirstSeen(m).Count == 2));
            (await first.StopAsync()).ShouldBe(0);
        }

        File.ReadAllText(state).ShouldContain("\"packet_sockets\"");
        var restartedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        await using var second = await ExporterProcess.StartAsync($"--state.file={state}");
        var after = FirstSeen(await second.ScrapeUntilAsync(m => FirstSeen(m).Count == 2));

        after.ShouldBe(before, ignoreOrder: true);
        after.Values.ShouldAllBe(firstSeen => firstSeen < restartedAt);
    }

    /// <summary>The holder's first-seen series, by their labels.</summary>
    private static Dictionary<string, double> FirstSeen(string metrics) =>
        Scrape.Series(metrics, "portwatch_packet_socket_first_seen_timestamp_seconds")
            .Where(s => s.Labels["process"] == "pw-sniff")
            .ToDictionary(s => string.Join(' ', s.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Value)), s => s.Value);

    private static IEnumerable<(Dictionary<string, string> Labels, double Value)> Packets(string metrics) =>
        Scrape.Series(metrics, "portwatch_packet_sockets");

    private static string Identity(Dictionary<string, string> labels) =>
        string.Join(' ', IdentityLabels.Select(l => labels[l]));

    private static string Describe(Dictionary<string, int> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}"));

    /// <summary>How many sockets <c>ss FLAG -a -p</c> lists for each process name (a socket without a process counts for <c>none</c>).</summary>
    private static async Task<Dictionary<string, int>> SsProcessesAsync(string[] launcher, string flag)
    {
        string[] command = [.. launcher, "ss", flag, "-a", "-p", "-H"];
        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync(command[0], command[1..]);
        exitCode.ShouldBe(0, stderr);
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => SsProcess().Match(line) is { Success: true } m ? m.Groups[1].Value : "none")
            .GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());
    }

    [GeneratedRegex("""users:\(\("([^"]*)",""")]
    private static partial Regex SsProcess();
}

using System.Text.Json;
using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.PacketSockets;

/// <summary>
/// The real socket holder's packet and raw sockets in <c>portwatch list --packet-sockets</c> and on the landing page of
/// a running exporter, as in <c>/metrics</c> (which also says how they were read); and the built-in expected list of network daemons, which expects a daemon
/// by the path of its executable (never by the name it gives itself) and which the config turns off or replaces.
/// </summary>
public sealed class PacketSocketListTests : IAsyncLifetime
{
    private const string NeedsRoot = "packet and raw sockets and mount namespaces need root (CAP_NET_RAW, CAP_SYS_ADMIN), which this run does not have; as root (CI) this test runs";

    /// <summary>A built-in path of the list, present on this Debian; in a private mount namespace the holder is bind-mounted over it.</summary>
    private const string BuiltInPath = "/usr/lib/systemd/systemd-networkd";

    /// <summary>
    /// In a private mount namespace: the holder at <see cref="BuiltInPath"/> (named pw-networkd) and a copy of it at
    /// DIR/systemd-networkd that names itself systemd-network (the real daemon's comm), each with a filtered packet socket and a raw VRRP
    /// socket; then the command given, in the same namespace; then both holders end.
    /// </summary>
    private const string InMountNamespace = """
        set -eu
        holder=$1; dir=$2; shift 2
        mount --bind "$holder" /usr/lib/systemd/systemd-networkd
        cp "$holder" "$dir/systemd-networkd"
        rm -f "$dir/in" "$dir/a.out" "$dir/b.out"; mkfifo "$dir/in"
        /usr/lib/systemd/systemd-networkd --name pw-networkd packet:0003:bpf raw4:112 < "$dir/in" > "$dir/a.out" &
        echo $! > "$dir/pids"
        "$dir/systemd-networkd" --name systemd-network packet:0003:bpf raw4:112 < "$dir/in" > "$dir/b.out" &
        echo $! >> "$dir/pids"
        exec 3> "$dir/in"
        for i in $(seq 200); do grep -q ready "$dir/a.out" && grep -q ready "$dir/b.out" && break; sleep 0.05; done
        "$@"
        exec 3>&-
        wait
        """;

    private readonly string directory = Path.Combine("/run", $"pw-packet-list-{Guid.NewGuid():N}");

    private string Holder => Path.Combine(directory, "socket-holder");

    public async ValueTask InitializeAsync()
    {
        if (Privileges.IsRoot && SocketHolder.CanBuild)
        {
            // Only root can write here: the holder and its copy are executable "file".
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
    public async Task ListAndLandingPage_RealPacketAndRawSockets_ShowWhatMetricsShow()
    {
        Assert.SkipUnless(Privileges.IsRoot, NeedsRoot);
        Assert.SkipUnless(SocketHolder.CanBuild, SocketHolder.NeedsGcc);
        await using var exporter = await ExporterProcess.StartAsync();
        await using var holder = await SocketHolder.StartAsync(Holder, "pw-list-sniff", ["packet:0003:bpf", "packet:0003:bpf", "packet:0806", "raw4:1"]);

        var metrics = await exporter.ScrapeUntilAsync(m => Scrape.Series(m, "portwatch_packet_sockets").Count(s => s.Labels["process"] == "pw-list-sniff") == 3);
        var page = await exporter.Http.GetStringAsync("", TestContext.Current.CancellationToken);
        var (exitCode, stdout, stderr) = await ProcessRunner.PortwatchAsync("list", "--packet-sockets", "--output=json", "--scan.namespaces=host");

        var exposed = Scrape.Series(metrics, "portwatch_packet_sockets").Where(s => s.Labels["process"] == "pw-list-sniff")
            .Select(s => $"{s.Labels["kind"]} {s.Labels["protocol"]} {s.Labels["interface"]} {s.Labels["filter"]} {s.Labels["executable"]} {s.Value}").Order().ToList();
        exposed.ShouldBe(["packet all any bpf file 2", "packet arp any none file 1", "raw icmp unknown unknown file 1"]);
        exitCode.ShouldBe(0, stderr);
        var listed = JsonDocument.Parse(stdout).RootElement.EnumerateArray().Where(s => s.GetProperty("process").GetString() == "pw-list-sniff").ToList();
        listed.Select(s => $"{s.GetProperty("kind").GetString()} {s.GetProperty("protocol").GetString()} {s.GetProperty("interface").GetString()} {s.GetProperty("filter").GetString()} {s.GetProperty("executable").GetString()} {s.GetProperty("sockets").GetInt32()}")
            .Order().ShouldBe(exposed);
        listed.ShouldAllBe(s => s.GetProperty("processes").EnumerateArray().Single().GetProperty("pid").GetInt32() == holder.Pid);
        listed.ShouldAllBe(s => s.GetProperty("processes").EnumerateArray().Single().GetProperty("exe").GetString() == Holder);
        // Which source was read says /metrics too: packet_diag here; raw sockets from raw_diag or (this kernel) /proc/net/raw.
        var methods = Scrape.Series(metrics, "portwatch_packet_socket_method_info").ToDictionary(s => $"{s.Labels["kind"]} {s.Labels["method"]}", s => s.Value);
        methods.Keys.ShouldBe(["packet netlink", "packet procfs", "raw netlink", "raw procfs"], ignoreOrder: true);
        (methods["packet netlink"], methods["packet procfs"]).ShouldBe((1, 0));
        (methods["raw netlink"] + methods["raw procfs"]).ShouldBe(1);
        page.ShouldContain("<h2>Packet and raw sockets</h2>");
        page.ShouldContain("<tr><td>packet</td><td>host</td><td>all</td><td>any</td><td>bpf</td><td>pw-list-sniff</td><td>file</td>");
        page.ShouldContain("<tr><td>raw</td><td>host</td><td>icmp</td><td>unknown</td><td>unknown</td><td>pw-list-sniff</td><td>file</td>");
    }

    [Fact]
    public async Task BuiltInExpected_ExpectsTheDaemonByItsPath_NotACopyThatTakesItsName_AndTheConfigTurnsItOffOrReplacesIt()
    {
        Assert.SkipUnless(Privileges.IsRoot, NeedsRoot);
        Assert.SkipUnless(SocketHolder.CanBuild, SocketHolder.NeedsGcc);
        Assert.SkipUnless(File.Exists(BuiltInPath), $"{BuiltInPath} is not on this machine: the test bind-mounts the holder over it");
        var config = Path.Combine(directory, "portwatch.yml");
        await File.WriteAllTextAsync(config, $"scan:\n  builtin_expected: false\nexpected:\n  - {{kind: packet, exe: {directory}/systemd-networkd}}\n", TestContext.Current.CancellationToken);

        var builtIn = await ExpectedAsync();
        var off = await ExpectedAsync("--no-scan.builtin-expected");
        var replaced = await ExpectedAsync($"--config.file={config}");

        builtIn.ShouldBe(["packet pw-networkd /usr/lib/systemd/systemd-networkd true", "packet systemd-network " + directory + "/systemd-networkd false",
            "raw pw-networkd /usr/lib/systemd/systemd-networkd true", "raw systemd-network " + directory + "/systemd-networkd false"]);
        off.ShouldAllBe(entry => entry.EndsWith(" false", StringComparison.Ordinal));
        off.Count.ShouldBe(4);
        replaced.ShouldBe(["packet pw-networkd /usr/lib/systemd/systemd-networkd false", "packet systemd-network " + directory + "/systemd-networkd true",
            "raw pw-networkd /usr/lib/systemd/systemd-networkd false", "raw systemd-network " + directory + "/systemd-networkd false"]);
    }

    /// <summary>The two holders' series of <c>list --packet-sockets --output json</c> in the mount namespace: "kind process exe expected".</summary>
    private async Task<List<string>> ExpectedAsync(params string[] flags)
    {
        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync("unshare", [
            "--mount", "--propagation", "private", "sh", "-c", InMountNamespace, "sh", Holder, directory,
            RepositoryPaths.Dotnet, RepositoryPaths.Exporter, "list", "--packet-sockets", "--output=json", "--scan.namespaces=host", .. flags]);
        exitCode.ShouldBe(0, stderr);
        var pids = (await File.ReadAllLinesAsync(Path.Combine(directory, "pids"), TestContext.Current.CancellationToken)).Select(int.Parse).ToHashSet();
        return [.. JsonDocument.Parse(stdout).RootElement.EnumerateArray()
            .Where(s => s.GetProperty("processes").EnumerateArray().Any(p => pids.Contains(p.GetProperty("pid").GetInt32())))
            .Select(s => string.Join(' ', s.GetProperty("kind").GetString(), s.GetProperty("process").GetString(),
                s.GetProperty("processes").EnumerateArray().Single().GetProperty("exe").GetString(), s.GetProperty("expected").GetBoolean() ? "true" : "false"))
            .Order(StringComparer.Ordinal)];
    }
}

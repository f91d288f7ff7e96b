using System.Globalization;
using System.Text.RegularExpressions;
using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.LeastPrivilege;

/// <summary>
/// The exporter as users run it: as an unprivileged user (every listener still reported, owners unknown, attribution
/// said to be degraded once in the log and by a metric), and as that user with exactly CAP_DAC_READ_SEARCH and
/// CAP_SYS_PTRACE (attribution complete, as root's). Each time against ss's listeners and, for owners, ss -p's.
/// </summary>
public sealed partial class LeastPrivilegeTests
{
    private const string Name = "pw-privilege";
    private static readonly byte[] NameBytes = System.Text.Encoding.ASCII.GetBytes(Name);

    // setpriv as root: to nobody, no supplementary groups. Changing uid away from 0 clears every capability...
    private static readonly string[] Nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"];

    // ...unless they are kept as ambient capabilities, here exactly the two that attribution needs (and no others
    // even in the bounding set, so that nothing the exporter execs could gain more).
    private static readonly string[] NobodyWithTheTwoCapabilities =
    [
        .. Nobody,
        "--inh-caps=-all,+dac_read_search,+sys_ptrace",
        "--ambient-caps=-all,+dac_read_search,+sys_ptrace",
        "--bounding-set=-all,+dac_read_search,+sys_ptrace",
    ];

    [Fact]
    public async Task AsAnUnprivilegedUser_EveryListenerOfSs_OwnersUnknown_AndOneLogLineAndAMetricSaySo()
    {
        Assert.SkipUnless(Privileges.IsRoot, Privileges.NeedsRootToSwitchUser);
        await using var owner = await TestListenerProcess.StartAsync(NameBytes, "tcp:127.0.0.1:0", "udp:[::1]:0", "tcp:[::]:0");
        using var copy = new UnprivilegedCopy();
        await using var exporter = await ExporterProcess.StartUnderAsync(Nobody, copy.Exporter, defaults: false);

        await exporter.ScrapeUntilAsync(b => owner.Listeners.All(Scrape.Listeners(b).Contains));
        var body = await MatchSsAsync(exporter);

        Capabilities(exporter.Pid).ShouldBe("0000000000000000");
        foreach (var listener in owner.Listeners)
        {
            var labels = Scrape.Info(body, listener).ShouldNotBeNull(listener.ToString());
            labels["process"].ShouldBe("unknown", listener.ToString());
            labels["unit"].ShouldBe("unknown", listener.ToString());
        }

        Scrape.Series(body, "portwatch_processes_unreadable").Single().Value.ShouldBeGreaterThan(0);
        Scrape.Series(body, "portwatch_process_attribution_enabled").Single().Value.ShouldBe(1);
        // Said once, at the first scan, not at every scan of a degraded exporter.
        Scrape.Series(body, "portwatch_scans_total").Single().Value.ShouldBeGreaterThan(2);
        Degraded().Count(exporter.Log).ShouldBe(1, exporter.Log);
    }

    [Fact]
    public async Task AsAnUnprivilegedUser_WithExactlyTheTwoCapabilities_AttributionIsComplete()
    {
        Assert.SkipUnless(Privileges.IsRoot, Privileges.NeedsRootToSwitchUser);
        await using var owner = await TestListenerProcess.StartAsync(NameBytes, "tcp:127.0.0.1:0", "udp:[::1]:0", "tcp:[::]:0");
        using var copy = new UnprivilegedCopy();
        await using var exporter = await ExporterProcess.StartUnderAsync(NobodyWithTheTwoCapabilities, copy.Exporter, defaults: false);

        await exporter.ScrapeUntilAsync(b => owner.Listeners.All(Scrape.Listeners(b).Contains));
        var body = await MatchSsAsync(exporter);

        // CAP_DAC_READ_SEARCH is bit 2, CAP_SYS_PTRACE bit 19: 0x80004, and nothing else.
        Capabilities(exporter.Pid).ShouldBe("0000000000080004");
        foreach (var listener in owner.Listeners)
        {
            Scrape.Info(body, listener).ShouldNotBeNull(listener.ToString())["process"].ShouldBe(Name, listener.ToString());
        }

        // Every listener that ss -p (as root) attributes to processes has the same process names here.
        var owners = await SsOwnersAsync();
        var compared = 0;
        foreach (var (listener, names) in owners)
        {
            if (Scrape.Info(body, listener) is { } labels)
            {
                labels["process"].ShouldBe(names, listener.ToString());
                compared++;
            }
        }

        compared.ShouldBeGreaterThanOrEqualTo(owner.Listeners.Count);
        Scrape.Series(body, "portwatch_processes_unreadable").Single().Value.ShouldBe(0);
        Degraded().Count(exporter.Log).ShouldBe(0, exporter.Log);
    }

    [Fact]
    public async Task AsAnUnprivilegedUser_WithTheSystemdUnitsCapabilities_TheTracerNamesA1MillisecondUdpBind()
    {
        // The capabilities deploy/systemd/portwatch.service gives its dynamic user, given here the same way.
        Assert.SkipUnless(Privileges.IsRoot, Privileges.NeedsRootToSwitchUser);
        var unit = File.ReadAllLines(RepositoryPaths.InRoot("deploy", "systemd", "portwatch.service"));
        var granted = string.Join(',', unit.Where(l => l.StartsWith("AmbientCapabilities=", StringComparison.Ordinal))
            .SelectMany(l => l["AmbientCapabilities=".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(c => "+" + c["CAP_".Length..].ToLowerInvariant()));
        string[] launcher = [.. Nobody, $"--inh-caps=-all,{granted}", $"--ambient-caps=-all,{granted}", $"--bounding-set=-all,{granted}"];
        using var copy = new UnprivilegedCopy();
        await using var exporter = await ExporterProcess.StartUnderAsync(launcher, copy.Exporter, defaults: false, "--scan.tracer=ebpf");
        (await exporter.ScrapeAsync()).ShouldContain("portwatch_tracer_info{mode=\"ebpf\",reason=\"attached\"} 1", customMessage: exporter.Log);

        // A UDP socket that root's process binds for 1 ms: only the tracer names it (its destroy event carries a uid).
        await using (var blink = await TestListenerProcess.OpenBrieflyAsync("pw-unit-traced"u8.ToArray(), TimeSpan.FromMilliseconds(1), "udp:127.0.0.1:10"))
        {
            await blink.WaitForExitAsync();
        }

        var udp10 = new ListenerIdentity("udp", "ipv4", "127.0.0.1", 10);
        var body = await exporter.ScrapeUntilAsync(b => Scrape.Info(b, udp10) is not null);
        Scrape.Info(body, udp10)!["process"].ShouldBe("pw-unit-traced");
    }

    private static async Task<string> MatchSsAsync(ExporterProcess exporter)
    {
        var body = "";
        await HostListeners.ShouldMatchSsAsync(async () =>
        {
            var asked = Scrape.Series(await exporter.ScrapeAsync(), "portwatch_scans_total").Single().Value;
            body = await exporter.ScrapeUntilAsync(b => Scrape.Series(b, "portwatch_scans_total").Single().Value >= asked + 2);
            return [.. Scrape.Listeners(body).Where(l => Scrape.Info(body, l)!["netns"] == "host")];
        });
        return body;
    }

    // CapEff of the running exporter, as the kernel holds it.
    private static string Capabilities(int pid) =>
        File.ReadAllLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status").Single(l => l.StartsWith("CapEff:", StringComparison.Ordinal))["CapEff:".Length..].Trim();

    // ss -ltnupH: users:(("sshd",pid=1,fd=3),("sshd",pid=2,fd=3)) -> "sshd"; sorted, unique, comma-joined as the label.
    private static async Task<Dictionary<ListenerIdentity, string>> SsOwnersAsync()
    {
        var owners = new Dictionary<ListenerIdentity, string>();
        foreach (var (flag, family) in new[] { ("-4", "ipv4"), ("-6", "ipv6") })
        {
            var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync("ss", ["-ltnupH", flag]);
            exitCode.ShouldBe(0, stderr);
            foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var names = SsUser().Matches(line).Select(m => m.Groups["name"].Value).Distinct().Order(StringComparer.Ordinal).ToList();
                if (names.Count > 0 && names.All(n => n.All(c => c is > ' ' and < '\x7f' and not ',' and not '\\')))
                {
                    owners[Ss.Parse(line, family)] = string.Join(",", names);
                }
            }
        }

        return owners;
    }

    [GeneratedRegex("""\("(?<name>[^"]*)",pid=""")]
    private static partial Regex SsUser();

    [GeneratedRegex("process attribution is degraded")]
    private static partial Regex Degraded();
}

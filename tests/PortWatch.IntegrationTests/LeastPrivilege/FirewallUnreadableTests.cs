using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.LeastPrivilege;

/// <summary>
/// Without CAP_NET_ADMIN the nftables ruleset cannot be read (issue 19): every listener is reachable="unknown",
/// portwatch_firewall_ruleset_unreadable{reason="no_permission"} is 1, one warning line says what is lost, and
/// nothing else changes. The same exporter with CAP_NET_ADMIN added is the control: the same labels but reachable,
/// the gauge 0, no line.
/// </summary>
public sealed partial class FirewallUnreadableTests
{
    private const string Name = "pw-fw-unread";
    private const string Attribution = "dac_read_search,+sys_ptrace";
    private static readonly byte[] NameBytes = System.Text.Encoding.ASCII.GetBytes(Name);
    private static readonly string[] UnreadableReasons = ["no_library", "no_permission", "read_failed", "legacy_iptables"];
    private static readonly string[] LegacyTables = ["/proc/net/ip_tables_names", "/proc/net/ip6_tables_names"];

    [Fact]
    public async Task WithoutCapNetAdmin_ReachableIsUnknown_TheGaugeSaysWhy_OneLogLine_NothingElseChanges()
    {
        Assert.SkipUnless(Privileges.IsRoot, Privileges.NeedsRootToSwitchUser);
        Assert.SkipUnless(NativeLibrary.TryLoad("libnftables.so.1", out _), "libnftables.so.1 is not installed (Debian's nftables; ./build.sh test installs it)");
        Assert.SkipWhen(LegacyTablesLoaded(), "legacy iptables tables are loaded here, which leave reachable unknown even with CAP_NET_ADMIN");
        await using var owner = await TestListenerProcess.StartAsync(NameBytes, "tcp:127.0.0.1:0", "udp:[::1]:0", "tcp:[::]:0", "udp:0.0.0.0:0");
        using var copy = new UnprivilegedCopy();
        await using var without = await ExporterProcess.StartUnderAsync(Launcher(Attribution), copy.Exporter, defaults: false);
        await using var with = await ExporterProcess.StartUnderAsync(Launcher(Attribution + ",+net_admin"), copy.Exporter, defaults: false);

        var lacking = await ScannedAsync(without, owner);
        var granted = await ScannedAsync(with, owner);

        foreach (var listener in owner.Listeners)
        {
            var a = Scrape.Info(lacking, listener).ShouldNotBeNull(listener.ToString());
            var b = Scrape.Info(granted, listener).ShouldNotBeNull(listener.ToString());
            a["reachable"].ShouldBe("unknown", listener.ToString());
            a["process"].ShouldBe(Name, listener.ToString());
            a.Where(l => l.Key != "reachable").ShouldBe(b.Where(l => l.Key != "reachable"), ignoreOrder: true, listener.ToString());
        }

        Reasons(lacking).ShouldBe(UnreadableReasons.ToDictionary(r => r, r => r == "no_permission" ? 1.0 : 0.0), ignoreOrder: true);
        Reasons(granted).ShouldBe(UnreadableReasons.ToDictionary(r => r, _ => 0.0), ignoreOrder: true);
        Unevaluated(lacking, "no_permission").ShouldBeGreaterThanOrEqualTo(owner.Listeners.Count);
        Unevaluated(granted, "no_permission").ShouldBe(0);

        // Said once, at the first scan, not at every scan of an exporter that stays without the right.
        Unreadable().Count(without.Log).ShouldBe(1, without.Log);
        Unreadable().Count(with.Log).ShouldBe(0, with.Log);
        without.Log.ShouldNotContain("nftables ruleset is read again");
    }

    private static string[] Launcher(string capabilities) =>
    [
        "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
        $"--inh-caps=-all,+{capabilities}", $"--ambient-caps=-all,+{capabilities}", $"--bounding-set=-all,+{capabilities}",
    ];

    // Every listener of the test's process in a scan, and at least 3 scans: one line at the first, none after.
    private static Task<string> ScannedAsync(ExporterProcess exporter, TestListenerProcess owner) =>
        exporter.ScrapeUntilAsync(b => owner.Listeners.All(Scrape.Listeners(b).Contains)
            && Scrape.Series(b, "portwatch_scans_total").Single().Value >= 3);

    private static Dictionary<string, double> Reasons(string body) =>
        Scrape.Series(body, "portwatch_firewall_ruleset_unreadable").ToDictionary(s => s.Labels["reason"], s => s.Value);

    private static double Unevaluated(string body, string reason) =>
        Scrape.Series(body, "portwatch_firewall_unevaluated_total").Single(s => s.Labels["reason"] == reason).Value;

    private static bool LegacyTablesLoaded() =>
        LegacyTables.Any(f => File.Exists(f) && File.ReadAllText(f).Trim().Length > 0);

    [GeneratedRegex("needs CAP_NET_ADMIN, which the exporter lacks: reachable is unknown on every listener: .* portwatch_firewall_ruleset_unreadable reason=no_permission is 1")]
    private static partial Regex Unreadable();
}

using System.Globalization;
using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Namespaces;

/// <summary>
/// <c>--scan.max-namespaces</c> on real namespaces (ip netns): those read when the limit was reached keep their
/// place, one made later is left out, counted, and logged once, and read again when there is room.
/// </summary>
public sealed class NamespaceLimitTests
{
    private const string NeedsRoot = "making network namespaces (ip netns) needs root, which this run does not have; as root (CI) this test runs";
    private const string LeftOutLog = "more than scan.max-namespaces=";

    [Fact]
    public async Task Metrics_NamespaceMadeBeyondTheLimit_IsLeftOutCountedAndLoggedOnce_TheOnesReadKeepTheirPlace()
    {
        Assert.SkipUnless(Privileges.IsRoot, NeedsRoot);
        await using var first = await NetworkNamespace.CreateAsync();
        await using var inFirst = await TestListenerProcess.StartInNamespaceAsync(first.Name, "pw-first"u8.ToArray(), "tcp:0.0.0.0:12");
        var limit = await NamespacesNowAsync();
        // Without the tracer: with it, a listen() in a namespace left out is still reported once, at the moment it opens.
        await using var exporter = await ExporterProcess.StartAsync($"--scan.max-namespaces={limit.ToString(CultureInfo.InvariantCulture)}", "--scan.tracer=none");
        await exporter.ScrapeUntilAsync(m => m.Contains(Listener(first, 12), StringComparison.Ordinal), TimeSpan.FromSeconds(20));

        string metrics;
        await using (var second = await NetworkNamespace.CreateAsync())
        {
            await using var inSecond = await TestListenerProcess.StartInNamespaceAsync(second.Name, "pw-second"u8.ToArray(), "tcp:0.0.0.0:13");
            metrics = await exporter.ScrapeUntilAsync(m => Value(m, "portwatch_network_namespaces_left_out") >= 1, TimeSpan.FromSeconds(20));
            var scans = Value(metrics, "portwatch_scans_total");
            metrics = await exporter.ScrapeUntilAsync(m => Value(m, "portwatch_scans_total") >= scans + 3, TimeSpan.FromSeconds(20));

            metrics.ShouldContain(Listener(first, 12));
            metrics.Split('\n').Where(l => l.Contains($"netns=\"{second.Label}\"", StringComparison.Ordinal)).ShouldBeEmpty();
            Value(metrics, "portwatch_network_namespaces_limit").ShouldBe(limit);
            Value(metrics, "portwatch_network_namespaces").ShouldBe(limit);
            Occurrences(exporter.Log, LeftOutLog).ShouldBe(1, exporter.Log);
            exporter.Log.ShouldContain("network namespaces, more than scan.max-namespaces=");
        }

        metrics = await exporter.ScrapeUntilAsync(m => Value(m, "portwatch_network_namespaces_left_out") == 0, TimeSpan.FromSeconds(20));
        metrics.ShouldContain(Listener(first, 12));
        await exporter.WaitForLogAsync("within scan.max-namespaces=", TimeSpan.FromSeconds(10));
    }

    private static string Listener(NetworkNamespace netns, int port) =>
        $"portwatch_listener_first_seen_timestamp_seconds{{protocol=\"tcp\",family=\"ipv4\",address=\"0.0.0.0\",port=\"{port.ToString(CultureInfo.InvariantCulture)}\",netns=\"{netns.Label}\"}}";

    private static double Value(string metrics, string name) => Scrape.Series(metrics, name) is [var only] ? only.Value : double.NaN;

    private static int Occurrences(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    /// <summary>The distinct network namespaces of the host's processes and of /run/netns, as the exporter's scan finds them.</summary>
    private static async Task<int> NamespacesNowAsync()
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var process in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            try
            {
                if (File.ResolveLinkTarget(Path.Combine(process, "ns/net"), returnFinalTarget: false)?.FullName is { } target)
                {
                    found.Add(Path.GetFileName(target));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process exited.
            }
        }

        foreach (var named in Directory.Exists("/run/netns") ? Directory.GetFiles("/run/netns") : [])
        {
            var (exitCode, inode, _) = await ProcessRunner.RunAsync("stat", ["-L", "-c", "%i", named]);
            if (exitCode == 0)
            {
                found.Add($"net:[{inode.Trim()}]");
            }
        }

        return found.Count;
    }
}

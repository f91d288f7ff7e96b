using System.Globalization;
using System.Net;
using System.Text;
using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Hosting;

/// <summary>
/// Nothing in /proc crashes the exporter: the real exporter on a proc tree whose socket tables are random bytes around
/// one real line, and whose one process has a comm and a cgroup of hostile bytes, rewritten between scans. It keeps
/// scanning and serving, promtool accepts every scrape, the malformed-line counters move, and the real line is still
/// a listener with its process.
/// </summary>
public sealed class HostileProcFsTests : IDisposable
{
    private const int Pid = 4242;
    private const ulong Inode = 777001;
    private const string Listen = "   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 777001 1 0000000000000000 100 0 0 10 0";

    private readonly string root = Directory.CreateTempSubdirectory("portwatch-hostile-procfs-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task Exporter_ProcFsOfGarbage_KeepsServingValidScrapesAndCountsTheBadLines()
    {
        Write(seed: 1);
        var process = Path.Combine(root, Pid.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(Path.Combine(process, "fd"));
        File.CreateSymbolicLink(Path.Combine(process, "fd", "3"), $"socket:[{Inode}]");
        File.WriteAllText(Path.Combine(process, "stat"), $"{Pid} (x) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 123456 0 0\n");
        await using var exporter = await ExporterProcess.StartAsync($"--path.procfs={root}", "--scan.method=procfs", "--scan.namespaces=host");

        double malformed = 0;
        for (var seed = 1; seed <= 6; seed++)
        {
            Write(seed);
            var scans = Scrape.Series(await exporter.ScrapeAsync(), "portwatch_scans_total").Single().Value;

            // Two scans after the rewrite: the second one read the new files from start to end.
            var body = await exporter.ScrapeUntilAsync(b => Scrape.Series(b, "portwatch_scans_total").Single().Value >= scans + 2);

            var (exitCode, output) = await Promtool.CheckMetricsAsync(body);
            exitCode.ShouldBe(0, $"seed {seed}: {output}");
            output.Trim().ShouldBeEmpty($"seed {seed}");
            Scrape.Series(body, "portwatch_scan_success").Single().Value.ShouldBe(1, $"seed {seed}: {exporter.Log}");
            var ssh = Scrape.Info(body, new ListenerIdentity("tcp", "ipv4", "0.0.0.0", 22)).ShouldNotBeNull($"seed {seed}: the real line is kept");
            ssh["process"].ShouldNotBe("unknown", $"seed {seed}: its process was read");
            ssh["process"].ShouldNotContain(',', $"seed {seed}: one process, one name");
            var total = Scrape.Series(body, "portwatch_procfs_malformed_lines_total").Sum(s => s.Value);
            total.ShouldBeGreaterThan(malformed, $"seed {seed}: the garbage lines are counted");
            malformed = total;
        }

        using var healthy = await exporter.Http.GetAsync("-/healthy");
        healthy.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await exporter.StopAsync()).ShouldBe(0, exporter.Log);
    }

    /// <summary>Writes the tables, comm and cgroup from <paramref name="seed"/>'s random bytes; each file replaced whole, as the kernel's change.</summary>
    private void Write(int seed)
    {
        var random = new Random(seed);
        Directory.CreateDirectory(Path.Combine(root, "net"));
        foreach (var table in new[] { "tcp", "tcp6", "udp", "udp6" })
        {
            var text = new StringBuilder("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n");
            for (var line = 0; line < 40; line++)
            {
                if (table == "tcp" && line == 20)
                {
                    text.Append(Listen).Append('\n');
                }

                var bytes = new byte[random.Next(1, 200)];
                random.NextBytes(bytes);
                text.Append('x').Append(Encoding.Latin1.GetString(bytes).Replace('\n', ' ')).Append('\n');
            }

            Replace(Path.Combine("net", table), Encoding.Latin1.GetBytes(text.ToString()));
        }

        var comm = new byte[15];
        random.NextBytes(comm);
        comm[3] = (byte)',';
        comm[7] = (byte)'\\';
        Replace(Path.Combine(Pid.ToString(CultureInfo.InvariantCulture), "comm"), [.. comm, (byte)'\n']);
        var cgroup = new byte[300];
        random.NextBytes(cgroup);
        Replace(Path.Combine(Pid.ToString(CultureInfo.InvariantCulture), "cgroup"),
            [.. cgroup, .. "\n0::/user.slice/a\u001b[31m\"\\,b.service/docker-0123.scope\n"u8, .. cgroup]);
    }

    private void Replace(string relativePath, byte[] bytes)
    {
        var path = Path.Combine(root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path + ".tmp", bytes);
        File.Move(path + ".tmp", path, overwrite: true);
    }
}

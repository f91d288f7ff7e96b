using System.Diagnostics;
using System.Globalization;
using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Packaging;

/// <summary>
/// The Dockerfile, built and run by a dockerd of the test's own (docs/packaging.md, "The image test"): the bases it
/// starts FROM are local stand-ins made with debootstrap (packaging/docker-standins.sh); its own steps run unchanged.
/// The container runs with the README's docker run line, as documented.
/// </summary>
public sealed class ImageTests(ITestOutputHelper output)
{
    private const string Tag = "portwatch:test";

    [Fact]
    public async Task Image_Builds_RunsAsDocumented_SeesAHostListener_TurnsHealthy_AndKeepsItsStateAcrossARestart()
    {
        Assert.SkipUnless(Privileges.IsRoot, Privileges.NeedsRootToPackage);
        await using var docker = await DockerDaemon.StartAsync();
        var (standIns, standInOut, standInErr) = await ProcessRunner.RunAsync(
            "bash", [RepositoryPaths.InRoot("packaging", "docker-standins.sh")], environment: docker.Environment(), timeout: TimeSpan.FromMinutes(10));
        standIns.ShouldBe(0, standInOut + standInErr);
        output.WriteLine(standInOut);

        var build = Stopwatch.StartNew();
        var (built, buildOut, buildErr) = await docker.DockerAsync(
            TimeSpan.FromMinutes(15), "build", "--network", "host", "-t", Tag, "--build-arg", "REVISION=test", RepositoryPaths.Root);
        built.ShouldBe(0, buildOut + buildErr);
        var size = long.Parse((await docker.DockerAsync("image", "inspect", "-f", "{{.Size}}", Tag)).Stdout.Trim(), CultureInfo.InvariantCulture);
        output.WriteLine($"docker build: {build.Elapsed.TotalSeconds:F0} s; image {size / 1024 / 1024} MiB");
        (await docker.DockerAsync("image", "inspect", "-f", "{{.Config.User}}", Tag)).Stdout.Trim().ShouldBe("1654:1654");
        (await docker.DockerAsync("image", "inspect", "-f", "{{index .Config.Labels \"org.opencontainers.image.licenses\"}}", Tag)).Stdout.Trim().ShouldBe("Apache-2.0");
        (await docker.DockerAsync("image", "inspect", "-f", "{{index .Config.Labels \"org.opencontainers.image.revision\"}}", Tag)).Stdout.Trim().ShouldBe("test");
        foreach (var file in new[] { "LICENSE", "NOTICE" })
        {
            // The licence and notice in the image are the repository's, byte for byte.
            var (read, text, readErr) = await docker.DockerAsync(
                "run", "--rm", "--network", "none", "--entrypoint", "/bin/cat", Tag, "/usr/share/doc/portwatch/" + file);
            read.ShouldBe(0, readErr);
            text.ShouldBe(await File.ReadAllTextAsync(RepositoryPaths.InRoot(file)));
        }

        // Both libraries the program opens at run time are in the image: the tracer's and the firewall reader's.
        var (listed, libraries, listErr) = await docker.DockerAsync(
            "run", "--rm", "--network", "none", "--entrypoint", "/bin/bash", Tag, "-c", "ls /usr/lib/x86_64-linux-gnu/libbpf.so.1 /usr/lib/x86_64-linux-gnu/libnftables.so.1");
        listed.ShouldBe(0, libraries + listErr);

        var name = $"portwatch-test-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}";
        var volume = name + "-state";
        var run = DockerRunLine(name, volume);
        try
        {
            await using var listener = await TestListenerProcess.StartAsync("pw-image-12"u8.ToArray(), "tcp:0.0.0.0:12");
            var (started, startOut, startErr) = await docker.DockerAsync([.. run.Skip(1)]);
            started.ShouldBe(0, startOut + startErr);

            var body = await ScrapeUntilAsync(name, b => b.Contains("process=\"pw-image-12\"", StringComparison.Ordinal));
            var port12 = Scrape.Series(body, "portwatch_listener_info").Where(s => s.Labels["port"] == "12" && s.Labels["protocol"] == "tcp").ToList();
            var described = string.Join('\n', port12.Select(s => string.Join(',', s.Labels.Select(l => $"{l.Key}={l.Value}"))));
            output.WriteLine($"TCP 12 in the container's /metrics:\n{described}");
            // One series, in the exporter's own namespace (the host's: --network host), labelled host; never again under
            // that namespace's inode, though the host's pid 1, whose namespace the container may not read, says nothing.
            var info = port12.ShouldHaveSingleItem(described);
            info.Labels["netns"].ShouldBe("host");
            info.Labels["process"].ShouldBe("pw-image-12");
            info.Labels["iana_status"].ShouldBe("unassigned");
            var baseline = Scrape.Series(body, "portwatch_baseline_timestamp_seconds").Single().Value;

            // The eBPF tracer runs in the container, with the line's rights and the host's cgroup v2 hierarchy: a UDP
            // socket a host process binds for 1 ms, outside the container's cgroup, is named with that process.
            body.ShouldContain("portwatch_tracer_info{mode=\"ebpf\",reason=\"attached\"} 1", customMessage: string.Join('\n', body.Split('\n').Where(l => l.StartsWith("portwatch_tracer_info", StringComparison.Ordinal))));
            await using (var blink = await TestListenerProcess.OpenBrieflyAsync("pw-image-udp"u8.ToArray(), TimeSpan.FromMilliseconds(1), "udp:127.0.0.1:10"))
            {
                await blink.WaitForExitAsync();
            }

            var udp10 = new ListenerIdentity("udp", "ipv4", "127.0.0.1", 10);
            body = await ScrapeUntilAsync(name, b => Scrape.Info(b, udp10) is not null);
            Scrape.Info(body, udp10)!["process"].ShouldBe("pw-image-udp");

            await WaitForAsync(docker, name, "{{.State.Health.Status}}", "healthy", TimeSpan.FromSeconds(90));
            // As documented, the capability-limited root: uid 0 with the three capabilities and nothing else (SYS_ADMIN
            // also gives the tracer its rights: Docker 20.10 refuses the names BPF and PERFMON).
            var status = await File.ReadAllLinesAsync($"/proc/{await ContainerPidAsync(docker, name)}/status");
            status.Single(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t')[1].ShouldBe("0");
            status.Single(l => l.StartsWith("CapEff:", StringComparison.Ordinal)).Split('\t')[1].ShouldBe("0000000000280004");

            // The state file lives in the volume: the baseline survives a restart of the container.
            (await docker.DockerAsync("restart", name)).ExitCode.ShouldBe(0);
            body = await ScrapeUntilAsync(name, b => b.Contains("process=\"pw-image-12\"", StringComparison.Ordinal));
            Scrape.Series(body, "portwatch_baseline_timestamp_seconds").Single().Value.ShouldBe(baseline);
        }
        finally
        {
            await docker.DockerAsync("rm", "-f", "-v", name);
            await docker.DockerAsync("volume", "rm", "-f", volume);
        }

        // The image's own user, without the line's --user 0:0: uid 1654, serving all the same.
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var plain = name + "-user";
        try
        {
            (await docker.DockerAsync("run", "-d", "--name", plain, "--network", "host", "--read-only", Tag, $"--web.listen-address=127.0.0.1:{port}")).ExitCode.ShouldBe(0);
            var pid = await ContainerPidAsync(docker, plain);
            (await File.ReadAllLinesAsync($"/proc/{pid}/status")).Single(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t')[1].ShouldBe("1654");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            await PollAsync(async () => (await http.GetAsync(new Uri($"http://127.0.0.1:{port}/metrics"))).IsSuccessStatusCode, TimeSpan.FromSeconds(30), "the image's user serves /metrics");
        }
        finally
        {
            await docker.DockerAsync("rm", "-f", "-v", plain);
        }
    }

    // The README's one line for a container (Running a fleet), with a name, volume and tag of this test's own.
    private static string[] DockerRunLine(string name, string volume)
    {
        var readme = File.ReadAllLines(RepositoryPaths.InRoot("README.md"));
        var line = readme.Single(l => l.StartsWith("| container | `docker run ", StringComparison.Ordinal));
        var command = line.Split('`')[1].Split(' ');
        command[^1].ShouldBe("portwatch");
        return [.. command[..^1].Select(a => a switch
        {
            "portwatch" => name,
            _ when a.StartsWith("portwatch-state:", StringComparison.Ordinal) => volume + a["portwatch-state".Length..],
            _ => a,
        }), Tag];
    }

    private static async Task<string> ScrapeUntilAsync(string name, Func<string, bool> condition)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        string body = "";
        await PollAsync(
            async () =>
            {
                using var response = await http.GetAsync(new Uri("http://127.0.0.1:10133/metrics"));
                body = await response.Content.ReadAsStringAsync();
                return response.IsSuccessStatusCode && condition(body);
            },
            TimeSpan.FromSeconds(60),
            $"{name}: its /metrics shows the listener");
        return body;
    }

    private static async Task<string> ContainerPidAsync(DockerDaemon docker, string name) =>
        (await docker.DockerAsync("inspect", "-f", "{{.State.Pid}}", name)).Stdout.Trim();

    private static async Task WaitForAsync(DockerDaemon docker, string name, string format, string expected, TimeSpan within) =>
        await PollAsync(async () => (await docker.DockerAsync("inspect", "-f", format, name)).Stdout.Trim() == expected, within, $"{name}: {format} = {expected}");

    private static async Task PollAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not within {within.TotalSeconds} s: {what}");
            }

            await Task.Delay(250);
        }
    }
}

using System.Formats.Tar;
using System.IO.Compression;
using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Packaging;

/// <summary>The release tarball of <c>./build.sh release</c>, node_exporter's way, and its checksums.</summary>
public sealed class ReleaseTarballTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Tarball_HoldsOneFolderWithTheBinaryDocsConfigAndUnit_AndTheChecksumsVerify()
    {
        Assert.SkipUnless(Privileges.IsRoot, Privileges.NeedsRootToPackage);
        var release = await ReleaseBuild.ArtifactsAsync();
        output.WriteLine($"{Path.GetFileName(release.Tarball)}: {new FileInfo(release.Tarball).Length / 1024} KiB");

        var folder = $"portwatch-{release.Version}.linux-amd64";
        var entries = new Dictionary<string, (UnixFileMode Mode, byte[] Content)>();
        await using (var file = File.OpenRead(release.Tarball))
        await using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        await using (var tar = new TarReader(gzip))
        {
            while (await tar.GetNextEntryAsync() is { } entry)
            {
                entry.Uid.ShouldBe(0, entry.Name);
                using var content = new MemoryStream();
                if (entry.DataStream is not null)
                {
                    await entry.DataStream.CopyToAsync(content);
                }

                entries[entry.Name.TrimEnd('/')] = (entry.Mode, content.ToArray());
            }
        }

        string[] files = ["portwatch", "LICENSE", "NOTICE", "README.md", "portwatch.yml", "portwatch.service"];
        entries.Keys.Where(k => k != folder).ShouldAllBe(k => k.StartsWith(folder + "/", StringComparison.Ordinal));
        foreach (var name in files)
        {
            entries.ShouldContainKey($"{folder}/{name}");
        }

        // The license: the standard Apache License 2.0 text, byte for byte the copy Debian ships (base-files).
        entries[$"{folder}/LICENSE"].Content.ShouldBe(await File.ReadAllBytesAsync(RepositoryPaths.InRoot("LICENSE")));
        (await File.ReadAllBytesAsync(RepositoryPaths.InRoot("LICENSE"))).ShouldBe(await File.ReadAllBytesAsync("/usr/share/common-licenses/Apache-2.0"));

        (entries[$"{folder}/portwatch"].Mode & UnixFileMode.UserExecute).ShouldBe(UnixFileMode.UserExecute);
        entries[$"{folder}/portwatch.service"].Content.ShouldBe(await File.ReadAllBytesAsync(RepositoryPaths.InRoot("deploy", "systemd", "portwatch.service")));
        entries[$"{folder}/README.md"].Content.ShouldBe(await File.ReadAllBytesAsync(RepositoryPaths.InRoot("README.md")));

        // The binary runs from the unpacked folder, and is the one the .deb carries.
        var unpacked = Directory.CreateTempSubdirectory("portwatch-tarball-").FullName;
        try
        {
            var binary = Path.Combine(unpacked, "portwatch");
            await File.WriteAllBytesAsync(binary, entries[$"{folder}/portwatch"].Content);
            File.SetUnixFileMode(binary, entries[$"{folder}/portwatch"].Mode);
            (await ProcessRunner.RunAsync(binary, ["--version"])).Stdout.ShouldStartWith($"portwatch, version {release.Version} ");
            var config = Path.Combine(unpacked, "portwatch.yml");
            await File.WriteAllBytesAsync(config, entries[$"{folder}/portwatch.yml"].Content);
            var (listed, stdout, stderr) = await ProcessRunner.RunAsync(binary, ["list", $"--config.file={config}"]);
            listed.ShouldBe(0, stdout + stderr);
        }
        finally
        {
            Directory.Delete(unpacked, recursive: true);
        }

        // sha256sums.txt names the tarball and the .deb, and sha256sum -c agrees with it.
        var sums = (await File.ReadAllLinesAsync(release.Checksums)).Select(l => l.Split("  ")[1]).ToList();
        sums.ShouldBe([Path.GetFileName(release.Tarball), Path.GetFileName(release.Deb)], ignoreOrder: true);
        var (check, checkOut, checkErr) = await RunInAsync(Path.GetDirectoryName(release.Checksums)!, "sha256sum", "-c", "sha256sums.txt");
        check.ShouldBe(0, checkOut + checkErr);
        checkOut.ShouldContain($"{Path.GetFileName(release.Tarball)}: OK");
        checkOut.ShouldContain($"{Path.GetFileName(release.Deb)}: OK");
    }

    [Fact]
    public async Task Config_IsTheReadmesExample_Commented_AndUncommentedItIsAValidConfig()
    {
        Assert.SkipUnless(Privileges.IsRoot, Privileges.NeedsRootToPackage);
        await ReleaseBuild.ArtifactsAsync();
        var (_, config, _) = await ProcessRunner.RunAsync("bash", ["-c", $"source {RepositoryPaths.InRoot("packaging", "common.sh")} && commented_config"]);

        var lines = config.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.ShouldAllBe(l => l.StartsWith('#'));
        var example = string.Join('\n', lines.SkipWhile(l => l != "#").Skip(1).Select(l => l.Length > 2 ? l[2..] : ""));
        var readme = await File.ReadAllTextAsync(RepositoryPaths.InRoot("README.md"));
        readme.ShouldContain("```yaml\n" + example + "\n```");

        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, example);
            var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync(RepositoryPaths.InRoot("artifacts", "publish", "portwatch"), ["list", $"--config.file={file}"]);
            exitCode.ShouldBe(0, stdout + stderr);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Readme_InstallCommands_NameTheFilesTheReleaseWrites()
    {
        Assert.SkipUnless(Privileges.IsRoot, Privileges.NeedsRootToPackage);
        var release = await ReleaseBuild.ArtifactsAsync();
        var readme = (await File.ReadAllLinesAsync(RepositoryPaths.InRoot("README.md")))
            .SkipWhile(l => l != "## Install").Skip(1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)).ToList();
        string Row(string way) => readme.Single(l => l.StartsWith($"| {way}", StringComparison.Ordinal)).Replace("<version>", release.Version, StringComparison.Ordinal);

        Row("Debian package").ShouldContain($"apt-get install ./{Path.GetFileName(release.Deb)} ");
        var tarball = Row("tarball");
        tarball.ShouldContain($"tar -xzf {Path.GetFileName(release.Tarball)} ");
        var (listed, names, _) = await ProcessRunner.RunAsync("tar", ["-tzf", release.Tarball]);
        listed.ShouldBe(0);
        foreach (var path in new[] { "portwatch", "portwatch.service" })
        {
            var inTarball = $"portwatch-{release.Version}.linux-amd64/{path}";
            tarball.ShouldContain($" {inTarball} ");
            names.Split('\n').ShouldContain(inTarball);
        }

        // The unit the tarball carries starts the binary where the README installs it.
        tarball.ShouldContain("/usr/local/bin/");
        (await File.ReadAllTextAsync(RepositoryPaths.InRoot("deploy", "systemd", "portwatch.service"))).ShouldContain("ExecStart=/usr/local/bin/portwatch ");
        Row("Kubernetes").ShouldContain("`kubectl apply -k deploy/kubernetes`");
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunInAsync(string directory, params string[] command) =>
        ProcessRunner.RunAsync("bash", ["-c", $"cd \"{directory}\" && {string.Join(' ', command)}"]);
}

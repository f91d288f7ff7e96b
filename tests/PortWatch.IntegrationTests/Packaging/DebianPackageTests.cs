using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Packaging;

/// <summary>
/// The Debian package of <c>./build.sh package</c> (docs/packaging.md), checked by Debian's own tools: lintian, and apt
/// installing it into a debootstrap root so that its dependencies resolve for real, then an upgrade and a purge.
/// </summary>
public sealed class DebianPackageTests(ITestOutputHelper output)
{
    // The user database: the portwatch system user stays after a purge (Debian's practice), nothing else may.
    private static readonly string[] UserDatabase = ["/etc/passwd", "/etc/passwd-", "/etc/group", "/etc/group-", "/etc/shadow", "/etc/shadow-", "/etc/gshadow", "/etc/gshadow-"];

    [Fact]
    public async Task Package_PassesLintian_WithoutErrorsOrWarnings()
    {
        Assert.SkipUnless(Privileges.IsRoot, Privileges.NeedsRootToPackage);
        var release = await ReleaseBuild.ArtifactsAsync();
        output.WriteLine($"./build.sh release: {release.Took.TotalSeconds:F0} s; {Path.GetFileName(release.Deb)}: {new FileInfo(release.Deb).Length / 1024} KiB");

        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync("lintian", ["--display-info", "--pedantic", release.Deb], timeout: TimeSpan.FromMinutes(5));
        output.WriteLine(stdout);

        exitCode.ShouldBe(0, stdout + stderr);
        var tags = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        tags.ShouldNotContain(t => t.StartsWith("E: ", StringComparison.Ordinal) || t.StartsWith("W: ", StringComparison.Ordinal), customMessage: stdout);
        // The informational tags kept are listed, each with why, in docs/packaging.md.
        var documented = await File.ReadAllTextAsync(RepositoryPaths.InRoot("docs", "packaging.md"));
        foreach (var tag in tags.Where(t => t.StartsWith("I: ", StringComparison.Ordinal) || t.StartsWith("P: ", StringComparison.Ordinal)))
        {
            documented.ShouldContain($"`{tag.Split(' ')[2]}`", customMessage: tag);
        }
    }

    [Fact]
    public async Task Package_Copyright_IsMachineReadable_AndLicensesTheProgramUnderApache2()
    {
        Assert.SkipUnless(Privileges.IsRoot, Privileges.NeedsRootToPackage);
        var release = await ReleaseBuild.ArtifactsAsync();
        var copyright = await ShouldSucceed(ProcessRunner.RunAsync(
            "bash", ["-c", $"dpkg-deb --fsys-tarfile '{release.Deb}' | tar -xOf - ./usr/share/doc/portwatch/copyright"]));

        // Debian's machine-readable format (DEP-5): a header, then paragraphs of fields, continuation lines indented.
        var paragraphs = copyright.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('\n')).ToList();
        paragraphs[0][0].ShouldBe("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/");
        string[] Paragraph(string name, string value) => paragraphs.Where(p => p[0] == $"{name}: {value}").ShouldHaveSingleItem(copyright);
        Paragraph("Files", "*").ShouldContain("License: Apache-2.0");
        Paragraph("Files", "usr/bin/portwatch").ShouldContain(l => l.StartsWith("License: Apache-2.0 and ", StringComparison.Ordinal));
        // The license's own paragraph points at the full text Debian ships, as policy asks for Apache-2.0 (12.5).
        var license = Paragraph("License", "Apache-2.0");
        license.ShouldContain(l => l.Contains("/usr/share/common-licenses/Apache-2.0", StringComparison.Ordinal), customMessage: copyright);
        copyright.ShouldNotContain("none-chosen");
    }

    [Fact]
    public async Task Package_InstallsWithApt_RunsAScan_StaysDisabled_UpgradesKeepingTheConffile_AndPurgesClean()
    {
        Assert.SkipUnless(Privileges.IsRoot, Privileges.NeedsRootToPackage);
        var release = await ReleaseBuild.ArtifactsAsync();
        await using var root = await DebianRoot.CreateAsync();
        var before = root.Tree();
        File.Copy(release.Deb, root.In("/tmp/portwatch.deb"));

        await ShouldSucceed(root.RunAsync("apt-get", "install", "-y", "-q", "--no-install-recommends", "/tmp/portwatch.deb"));

        (await ShouldSucceed(root.RunAsync("portwatch", "--version"))).ShouldStartWith($"portwatch, version {release.Version} ");
        File.Exists(root.In("/usr/share/man/man1/portwatch.1.gz")).ShouldBeTrue();
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
            // The installed, commented config is a valid one: the scan reads it.
            var scan = await ShouldSucceed(root.RunAsync("portwatch", "list", "--config.file=/etc/portwatch/portwatch.yml", "--output=json"));
            scan.ShouldContain($"\"port\": {port},", customMessage: scan);
        }

        // The unit, as installed, by systemd's own checker (its ExecStart resolved inside the root).
        var (verify, verifyOut, verifyErr) = await ProcessRunner.RunAsync(
            "systemd-analyze", ["verify", $"--root={root.Path}", "--man=no", "--recursive-errors=no", "portwatch.service"]);
        verify.ShouldBe(0, verifyOut + verifyErr);
        verifyErr.ShouldBeEmpty();

        // postinst: a system user, its state directory, the unit known but not enabled.
        var passwd = (await File.ReadAllLinesAsync(root.In("/etc/passwd"))).Single(l => l.StartsWith("portwatch:", StringComparison.Ordinal)).Split(':');
        int.Parse(passwd[2], CultureInfo.InvariantCulture).ShouldBeLessThan(1000, "a system user");
        passwd[6].ShouldBe("/usr/sbin/nologin");
        File.GetUnixFileMode(root.In("/var/lib/portwatch")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        (await ShouldSucceed(root.RunAsync("stat", "-c", "%U:%G", "/var/lib/portwatch"))).Trim().ShouldBe("portwatch:portwatch");
        Directory.EnumerateFileSystemEntries(root.In("/etc/systemd/system"), "portwatch*", SearchOption.AllDirectories).ShouldBeEmpty("installed disabled");
        File.Exists(root.In("/var/lib/systemd/deb-systemd-helper-enabled/portwatch.service.dsh-also")).ShouldBeTrue();

        // An upgrade (the same package, a later version) keeps the admin's change to the conffile.
        await File.AppendAllTextAsync(root.In("/etc/portwatch/portwatch.yml"), "scan: {interval: 5s}\n");
        await NextVersionAsync(release.Deb, root.In("/tmp/portwatch-next.deb"));
        await ShouldSucceed(root.RunAsync("apt-get", "install", "-y", "-q", "/tmp/portwatch-next.deb"));
        (await ShouldSucceed(root.RunAsync("dpkg-query", "-W", "-f=${Version}", "portwatch"))).ShouldBe($"{release.Version}+next");
        (await File.ReadAllTextAsync(root.In("/etc/portwatch/portwatch.yml"))).ShouldEndWith("scan: {interval: 5s}\n");
        Directory.EnumerateFileSystemEntries(root.In("/etc/systemd/system"), "portwatch*", SearchOption.AllDirectories).ShouldBeEmpty("still disabled");
        await ShouldSucceed(root.RunAsync("portwatch", "list", "--config.file=/etc/portwatch/portwatch.yml"));

        // A purge leaves the root as it was, but for the system user.
        await ShouldSucceed(root.RunAsync("apt-get", "purge", "-y", "-q", "portwatch"));
        (await root.RunAsync("dpkg-query", "-W", "-f=${db:Status-Status}", "portwatch")).Stdout.ShouldNotBe("installed");
        var after = root.Tree();
        var changed = after.Except(before).Concat(before.Except(after)).Select(e => e.Split(' ')[0]).Distinct().ToList();
        changed.Where(p => !UserDatabase.Contains(p)).ShouldBeEmpty();
        (await File.ReadAllTextAsync(root.In("/etc/passwd"))).ShouldContain("portwatch:");
    }

    // The package again with a later version: dpkg then runs the upgrade path (prerm upgrade, postinst configure OLD).
    private static async Task NextVersionAsync(string deb, string next)
    {
        var unpacked = Directory.CreateTempSubdirectory("portwatch-deb-").FullName;
        try
        {
            await ShouldSucceed(ProcessRunner.RunAsync("dpkg-deb", ["-R", deb, unpacked]));
            var control = Path.Combine(unpacked, "DEBIAN", "control");
            var lines = (await File.ReadAllLinesAsync(control)).Select(l => l.StartsWith("Version: ", StringComparison.Ordinal) ? l + "+next" : l);
            await File.WriteAllLinesAsync(control, lines);
            await ShouldSucceed(ProcessRunner.RunAsync("dpkg-deb", ["--root-owner-group", "-b", unpacked, next]));
        }
        finally
        {
            Directory.Delete(unpacked, recursive: true);
        }
    }

    private static async Task<string> ShouldSucceed(Task<(int ExitCode, string Stdout, string Stderr)> run)
    {
        var (exitCode, stdout, stderr) = await run;
        exitCode.ShouldBe(0, stdout + stderr);
        return stdout;
    }
}

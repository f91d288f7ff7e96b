using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Security;

/// <summary>
/// A state directory that users other than its owner may write is refused at start, as a missing one is: there, another
/// user could plant a name (a symlink at the temporary file's, or at the state file's) for the exporter, often root,
/// to write through or to read. The container image's layout (owner 1654, group root, mode 0770) is accepted.
/// </summary>
public sealed class StateDirectoryTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("portwatch-statedir-").FullName;

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute, "0707", "every user")]
    [InlineData(UnixFileMode.StickyBit | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute, "1707", "every user")]
    public async Task Start_StateDirectoryEveryUserMayWrite_IsRefusedAndNothingIsWritten(UnixFileMode mode, string octal, string who)
    {
        File.SetUnixFileMode(directory, mode);

        var (exitCode, _, stderr) = await ProcessRunner.PortwatchAsync($"--state.file={directory}/state.json", "--web.listen-address=127.0.0.1:0");

        exitCode.ShouldBe(1);
        stderr.ShouldBe($"portwatch: error: state file {directory}/state.json: directory {directory} (mode {octal}) can be written by {who}: another user could plant names in it for the exporter to write through (chmod o-w,g-w it, or choose a directory only the exporter's user writes)\n");
        Directory.GetFileSystemEntries(directory).ShouldBeEmpty();
    }

    [Fact]
    public async Task Start_StateDirectoryItsGroupMayWrite_IsRefusedUnlessTheGroupIsRoots()
    {
        Assert.SkipUnless(Privileges.IsRoot, "giving the directory another group (chgrp) needs root, which this run does not have; as root (CI) this test runs");
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute);
        (await ProcessRunner.RunAsync("chgrp", ["65534", directory])).ExitCode.ShouldBe(0);

        var (exitCode, _, stderr) = await ProcessRunner.PortwatchAsync($"--state.file={directory}/state.json", "--web.listen-address=127.0.0.1:0");

        exitCode.ShouldBe(1);
        stderr.ShouldContain($"directory {directory} (mode 0770) can be written by group 65534");

        // The image's layout: group root (gid 0), mode 0770. The exporter starts and saves there.
        (await ProcessRunner.RunAsync("chgrp", ["0", directory])).ExitCode.ShouldBe(0);
        await using var exporter = await ExporterProcess.StartAsync($"--state.file={directory}/state.json");
        await exporter.ScrapeUntilAsync(_ => File.Exists(Path.Combine(directory, "state.json")), TimeSpan.FromSeconds(20));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}

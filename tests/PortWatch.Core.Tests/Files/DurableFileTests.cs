using System.Diagnostics;
using System.Globalization;
using PortWatch.Files;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Files;

public sealed class DurableFileTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Replace_ExistingFile_HasTheNewContentAndLeavesNoTemporaryFile()
    {
        var path = directory.WriteFile("state.json", "old");

        DurableFile.Replace(path, stream => stream.Write("new"u8));

        File.ReadAllText(path).ShouldBe("new");
        Directory.GetFiles(directory.Path).ShouldBe([path]);
    }

    [Fact]
    public void Replace_WriterThrowsAnIOException_KeepsTheOldFileAndLeavesNoTemporaryFile()
    {
        var path = directory.WriteFile("state.json", "old");

        Should.Throw<IOException>(() => DurableFile.Replace(path, stream =>
        {
            stream.Write("half"u8);
            throw new IOException("No space left on device");
        }));

        File.ReadAllText(path).ShouldBe("old");
        Directory.GetFiles(directory.Path).ShouldBe([path]);
    }

    [Fact]
    public void Replace_SymlinkPlantedAtTheTemporaryName_IsNotFollowed()
    {
        // Another user who may write the directory plants NAME.tmp-PID -> a file root must not overwrite.
        var victim = directory.WriteFile("victim", "untouched");
        var path = directory.Combine("state.json");
        File.CreateSymbolicLink(DurableFile.TemporaryPath(path), victim);

        DurableFile.Replace(path, stream => stream.Write("new"u8));

        File.ReadAllText(victim).ShouldBe("untouched");
        new FileInfo(path).LinkTarget.ShouldBeNull();
        File.ReadAllText(path).ShouldBe("new");
        Directory.GetFiles(directory.Path).Order(StringComparer.Ordinal).ShouldBe([path, victim]);
    }

    [Fact]
    public void SyncDirectory_MissingDirectory_ThrowsNamingIt()
    {
        var missing = directory.Combine("gone");

        var error = Should.Throw<IOException>(() => DurableFile.SyncDirectory(missing));

        error.Message.ShouldBe($"open of directory {missing}: No such file or directory");
    }

    [Fact]
    public void SyncDirectory_AFileNotADirectory_IsRefused()
    {
        var file = directory.WriteFile("plain", "x");

        Should.Throw<IOException>(() => DurableFile.SyncDirectory(file)).Message.ShouldContain("Not a directory");
    }

    [Fact]
    public async Task RemoveLeftovers_DeletesOnlyTemporaryFilesOfGoneProcessesAndOfThisOne()
    {
        var path = directory.Combine("state.json");
        var gone = await ExitedPidAsync();
        var ownLeftover = directory.WriteFile($"state.json.tmp-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}", "x");
        var goneLeftover = directory.WriteFile($"state.json.tmp-{gone.ToString(CultureInfo.InvariantCulture)}", "x");
        var liveWriter = directory.WriteFile("state.json.tmp-1", "x"); // init: alive, its write would be in progress.
        var notOurs = directory.WriteFile("state.json.tmp-backup", "x");
        var otherFile = directory.WriteFile("other.json.tmp-999999999", "x");

        var removed = DurableFile.RemoveLeftovers(path);

        removed.ShouldBe(2);
        File.Exists(ownLeftover).ShouldBeFalse();
        File.Exists(goneLeftover).ShouldBeFalse();
        File.Exists(liveWriter).ShouldBeTrue();
        File.Exists(notOurs).ShouldBeTrue();
        File.Exists(otherFile).ShouldBeTrue();
    }

    private static async Task<int> ExitedPidAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return process.Id;
    }
}

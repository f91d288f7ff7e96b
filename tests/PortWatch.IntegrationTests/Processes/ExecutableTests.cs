using System.Globalization;
using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Processes;

/// <summary>
/// Processes that each hold a TCP listener and a raw ICMP socket, run from a binary only root can change, from a copy
/// in <c>/dev/shm</c>, from a memfd (memfd_create + fexecve), from a copy deleted after start and from one replaced
/// by <c>mv</c> of a new copy after start: <c>portwatch_listener_info</c> and <c>portwatch_packet_sockets</c> carry
/// <c>executable</c> file, writable, memfd, deleted and replaced. The last two change while the exporter already
/// knows the process, as an implant that deletes itself or an upgraded daemon does.
/// </summary>
public sealed class ExecutableTests : IAsyncLifetime
{
    private const string NeedsRoot = "raw sockets and reading other processes' /proc/<pid>/exe need root, which this run does not have; as root (CI) this test runs";
    private static readonly string[] Specs = ["tcp:0", "raw4:1"];
    private readonly string directory = Path.Combine("/run", $"pw-exe-{Guid.NewGuid():N}");
    private readonly string shm = Path.Combine("/dev/shm", $"pw-exe-{Guid.NewGuid():N}");

    public async ValueTask InitializeAsync()
    {
        if (Privileges.IsRoot && SocketHolder.CanBuild)
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            await SocketHolder.BuildAsync(Path.Combine(directory, "pw-file"));
            foreach (var copy in new[] { Path.Combine(directory, "pw-deleted"), Path.Combine(directory, "pw-replaced"), shm })
            {
                File.Copy(Path.Combine(directory, "pw-file"), copy);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        File.Delete(shm);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Metrics_ProcessesRunFromMemoryFromAWritablePlaceDeletedOrReplaced_CarryTheirExecutableClass()
    {
        Assert.SkipUnless(Privileges.IsRoot, NeedsRoot);
        Assert.SkipUnless(SocketHolder.CanBuild, SocketHolder.NeedsGcc);
        await using var exporter = await ExporterProcess.StartAsync();
        await using var file = await SocketHolder.StartAsync(Path.Combine(directory, "pw-file"), "pw-file", Specs);
        await using var writable = await SocketHolder.StartAsync(shm, "pw-writable", Specs);
        await using var memfd = await SocketHolder.StartAsync(Path.Combine(directory, "pw-file"), "pw-memfd", Specs, memfd: true);
        await using var deleted = await SocketHolder.StartAsync(Path.Combine(directory, "pw-deleted"), "pw-deleted", Specs);
        await using var replaced = await SocketHolder.StartAsync(Path.Combine(directory, "pw-replaced"), "pw-replaced", Specs);
        var holders = new Dictionary<string, SocketHolder> { ["file"] = file, ["writable"] = writable, ["memfd"] = memfd, ["deleted"] = deleted, ["replaced"] = replaced };

        // The exporter knows every process before two of them change under it.
        var before = await exporter.ScrapeUntilAsync(m => holders.Values.All(h => ListenerExecutable(m, h) is not null));
        ListenerExecutable(before, deleted).ShouldBe("file");
        ListenerExecutable(before, replaced).ShouldBe("file");
        File.Delete(Path.Combine(directory, "pw-deleted"));
        File.Copy(Path.Combine(directory, "pw-file"), Path.Combine(directory, "pw-replaced.new"));
        File.Move(Path.Combine(directory, "pw-replaced.new"), Path.Combine(directory, "pw-replaced"), overwrite: true);

        var after = await exporter.ScrapeUntilAsync(m => holders.All(h => ListenerExecutable(m, h.Value) == h.Key), TimeSpan.FromSeconds(20));

        foreach (var (executable, holder) in holders)
        {
            var raw = Scrape.Series(after, "portwatch_packet_sockets").Where(s => s.Labels["process"] == $"pw-{executable}").ShouldHaveSingleItem();
            raw.Labels["kind"].ShouldBe("raw");
            raw.Labels["executable"].ShouldBe(executable, $"the raw socket of pw-{executable}");
        }
    }

    /// <summary>The <c>executable</c> label of the holder's listener; null until it is exposed.</summary>
    private static string? ListenerExecutable(string metrics, SocketHolder holder) =>
        Scrape.Series(metrics, "portwatch_listener_info")
            .FirstOrDefault(s => s.Labels["port"] == holder.Ports[0].ToString(CultureInfo.InvariantCulture) && s.Labels["address"] == "127.0.0.1")
            .Labels?["executable"];
}

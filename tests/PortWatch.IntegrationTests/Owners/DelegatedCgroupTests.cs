using System.Text.Json;
using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Owners;

/// <summary>
/// Issue 15 item 5: systemd delegates <c>user@UID.service</c>'s subtree to that user, who names cgroups there at will
/// (<c>systemd-run --user --unit=nginx</c>). Real cgroups at those paths, real listeners moved into them: the unit is
/// reported as the user's and matches no system unit's <c>expected</c> entry, and a pod or a container named in that
/// subtree is neither.
/// </summary>
public sealed class DelegatedCgroupTests : IDisposable
{
    private const string NeedsRoot = "making cgroups needs root, which this run does not have; as root (CI) this test runs";
    private const string PodUid = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
    private const string UserManager = "user.slice/user-4242.slice/user@4242.service";
    private readonly string directory = Directory.CreateTempSubdirectory("portwatch-delegated-").FullName;

    [Fact]
    public async Task List_UnitBelowAUsersServiceManager_IsTheUsersAndDoesNotMatchTheSystemUnitsEntry()
    {
        Assert.SkipUnless(Privileges.IsRoot, NeedsRoot);
        using var cgroup = ContainerCgroup.At($"{UserManager}/app.slice/nginx.service");
        await using var listener = await TestListenerProcess.StartInCgroupAsync(cgroup.Procs, "pw-user-unit"u8.ToArray(), "tcp:127.0.0.1:0");
        var config = Path.Combine(directory, "portwatch.yml");
        await File.WriteAllTextAsync(config, "expected:\n  - {unit: nginx.service}\n", TestContext.Current.CancellationToken);

        var entry = Single(await ListAsync($"--config.file={config}"), listener.Listeners[0].Port);

        entry.GetProperty("unit").GetString().ShouldBe("user@4242.service/nginx.service");
        entry.GetProperty("expected").GetBoolean().ShouldBeFalse("a user's unit never matches a system unit's entry");
    }

    [Fact]
    public async Task List_PodAndContainerNamedInAUsersSubtree_AreNeither()
    {
        Assert.SkipUnless(Privileges.IsRoot, NeedsRoot);
        using var cgroup = ContainerCgroup.At($"{UserManager}/kubepods/besteffort/pod{PodUid}/{{id}}");
        await using var listener = await TestListenerProcess.StartInCgroupAsync(cgroup.Procs, "pw-fake-pod"u8.ToArray(), "tcp:127.0.0.1:0");

        var entry = Single(await ListAsync(), listener.Listeners[0].Port);

        entry.GetProperty("pod").GetString().ShouldBe("none");
        entry.GetProperty("container").GetString().ShouldBe("none");
        entry.GetProperty("unit").GetString().ShouldBe("user@4242.service");
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static JsonElement Single(List<JsonElement> listed, int port) =>
        listed.Single(e => e.GetProperty("protocol").GetString() == "tcp" && e.GetProperty("port").GetInt32() == port);

    private static async Task<List<JsonElement>> ListAsync(params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await ProcessRunner.PortwatchAsync(["list", "--output", "json", .. arguments]);
        exitCode.ShouldBe(0, stderr);
        using var json = JsonDocument.Parse(stdout);
        return [.. json.RootElement.EnumerateArray().Select(e => e.Clone())];
    }
}

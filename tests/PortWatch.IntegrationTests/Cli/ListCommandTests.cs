using System.Globalization;
using System.Text.Json;
using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Cli;

public sealed class ListCommandTests
{
    private static readonly byte[] Name = "pw-list-test"u8.ToArray();

    [Fact]
    public async Task List_ListenersOnEveryFamilyAndAddress_MatchesSsWithClassificationAndProcess()
    {
        Assert.SkipUnless(await TestListenerProcess.CanBindPrivilegedAsync(), Privileges.NeedsRootToBindPrivilegedPorts);
        var fixedPorts = ClassifiedListeners.Fixed;
        await using var owner = await TestListenerProcess.StartAsync(
            Name, [.. fixedPorts.Select(f => f.Spec), .. ClassifiedListeners.Ephemeral.Select(e => e.Spec)]);
        JsonElement[] listed = [];

        await HostListeners.ShouldMatchSsAsync(async () =>
        {
            listed = await ListedListener.ListAsync();
            return [.. listed.Select(ListedListener.Identity)];
        });

        var byIdentity = listed.ToDictionary(ListedListener.Identity);
        var expectations = fixedPorts.Select(f => (f.Exposure, (string?)f.Range, (string?)f.Status, (string?)f.Service))
            .Concat(ClassifiedListeners.Ephemeral.Select(e => (e.Exposure, (string?)null, (string?)null, (string?)null)))
            .ToList();
        for (var i = 0; i < owner.Listeners.Count; i++)
        {
            var identity = owner.Listeners[i];
            var (exposure, range, status, service) = expectations[i];
            byIdentity.ShouldContainKey(identity);
            var entry = byIdentity[identity];
            entry.GetProperty("exposure").GetString().ShouldBe(exposure, identity.ToString());
            entry.GetProperty("range").GetString().ShouldBe(range ?? RangeOf(identity.Port), identity.ToString());
            if (status is not null)
            {
                entry.GetProperty("iana_status").GetString().ShouldBe(status, identity.ToString());
                entry.GetProperty("iana_service").GetString().ShouldBe(service, identity.ToString());
            }

            entry.GetProperty("process").GetString().ShouldBe("pw-list-test", identity.ToString());
            var process = entry.GetProperty("processes").EnumerateArray().ShouldHaveSingleItem();
            process.GetProperty("pid").GetInt32().ShouldBe(owner.Pid);
            process.GetProperty("name").GetString().ShouldBe("pw-list-test");
            entry.GetProperty("expected").GetBoolean().ShouldBeFalse();
        }
    }

    [Fact]
    public async Task List_EphemeralPorts_ClassifiedAsLookupClassifiesThem()
    {
        await using var owner = await TestListenerProcess.StartAsync(Name, [.. ClassifiedListeners.Ephemeral.Select(e => e.Spec)]);

        var listed = (await ListedListener.ListAsync()).ToDictionary(ListedListener.Identity);
        var (exitCode, stdout, _) = await ProcessRunner.PortwatchAsync(
            ["lookup", "--output", "json", .. owner.Listeners.Select(l => $"{l.Port.ToString(CultureInfo.InvariantCulture)}/{l.Protocol}")]);

        exitCode.ShouldBe(0);
        var lookedUp = JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToList();
        for (var i = 0; i < owner.Listeners.Count; i++)
        {
            var entry = listed[owner.Listeners[i]];
            entry.GetProperty("iana_status").GetString().ShouldBe(lookedUp[i].GetProperty("iana_status").GetString());
            entry.GetProperty("iana_service").GetString().ShouldBe(lookedUp[i].GetProperty("iana_service").GetString());
            entry.GetProperty("iana_description").GetString().ShouldBe(lookedUp[i].GetProperty("iana_description").GetString());
        }
    }

    [Fact]
    public async Task List_SoReusePortGroup_IsOneListenerWithItsProcess()
    {
        await using var owner = await TestListenerProcess.StartAsync(Name, reusePort: 3, "tcp:127.0.0.1:0", "udp:127.0.0.1:0");

        var listed = await ListedListener.ListAsync();

        foreach (var identity in owner.Listeners)
        {
            var entry = listed.Where(e => ListedListener.Identity(e) == identity).ShouldHaveSingleItem();
            entry.GetProperty("processes").EnumerateArray().ShouldHaveSingleItem().GetProperty("pid").GetInt32().ShouldBe(owner.Pid);
        }
    }

    [Fact]
    public async Task List_AsAnotherUser_ShowsRootsListenersWithUnknownOwnersAndSaysWhy()
    {
        Assert.SkipUnless(Privileges.IsRoot, Privileges.NeedsRootToSwitchUser);
        await using var owner = await TestListenerProcess.StartAsync(Name, "tcp:127.0.0.1:0");
        using var copy = new UnprivilegedCopy();

        // Drop to nobody, as users often run it; the listener's owner (root) is then unreadable.
        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync(
            "setpriv",
            ["--reuid=65534", "--regid=65534", "--clear-groups", RepositoryPaths.Dotnet, copy.Exporter, "list", "--output", "json"],
            environment: new Dictionary<string, string> { ["HOME"] = Path.GetTempPath(), ["DOTNET_CLI_HOME"] = Path.GetTempPath() });

        exitCode.ShouldBe(0, stderr);
        stderr.ShouldContain("processes could not be read (not root?)");
        var entry = JsonDocument.Parse(stdout).RootElement.EnumerateArray().Single(e => ListedListener.Identity(e) == owner.Listeners[0]);
        entry.GetProperty("process").GetString().ShouldBe("unknown");
        entry.GetProperty("processes").GetArrayLength().ShouldBe(0);
    }

    private static string RangeOf(int port) => port switch
    {
        <= 1023 => "system",
        <= 49151 => "user",
        _ => "dynamic",
    };
}

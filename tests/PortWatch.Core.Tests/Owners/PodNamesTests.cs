using Microsoft.Extensions.Time.Testing;
using PortWatch.Owners;
using PortWatch.ProcFs;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Owners;

/// <summary>Pod names from the runtime's state under the host's root as init sees it (a fixture tree, as /proc/1/root would show it).</summary>
public sealed class PodNamesTests : IDisposable
{
    private const string Id = "3f2a9c1b7d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8";
    private const string Uid = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
    private readonly FakeProcFs proc = new();
    private readonly FakeTimeProvider time = new();

    public void Dispose() => proc.Dispose();

    [Fact]
    public void Resolve_Containerd_ReadsTheSandboxAnnotations()
    {
        proc.WriteFile($"1/root/run/containerd/io.containerd.runtime.v2.task/k8s.io/{Id}/config.json",
            """{"ociVersion":"1.1.0","annotations":{"io.kubernetes.cri.sandbox-name":"web-7d9f","io.kubernetes.cri.sandbox-namespace":"shop","io.kubernetes.cri.sandbox-uid":"0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0","io.kubernetes.cri.container-type":"container"}}""");

        Names().Resolve(Owner()).ShouldBe(("web-7d9f", "shop"));
    }

    [Fact]
    public void Resolve_CriO_ReadsThePodAnnotations()
    {
        proc.WriteFile($"1/root/run/containers/storage/overlay-containers/{Id}/userdata/config.json",
            """{"annotations":{"io.kubernetes.pod.name":"db-0","io.kubernetes.pod.namespace":"data","io.kubernetes.pod.uid":"0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"}}""");

        Names().Resolve(Owner()).ShouldBe(("db-0", "data"));
    }

    [Fact]
    public void Resolve_NamesWithCommasOrControlCharacters_AreEscapedAsProcessNamesAre()
    {
        // The API server would refuse such names, but the file on disk is what is read: never trust it.
        proc.WriteFile($"1/root/run/containers/storage/overlay-containers/{Id}/userdata/config.json",
            """{"annotations":{"io.kubernetes.pod.name":"db-0,web-1","io.kubernetes.pod.namespace":"da\nta","io.kubernetes.pod.uid":"0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"}}""");

        Names().Resolve(Owner()).ShouldBe((@"db-0\x2cweb-1", @"da\x0ata"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not json")]
    [InlineData("""{"annotations":{"io.kubernetes.cri.sandbox-name":"web"}}""")]
    [InlineData("""{"annotations":[]}""")]
    [InlineData("""{"annotations":{"io.kubernetes.cri.sandbox-name":"web","io.kubernetes.cri.sandbox-namespace":"a\udfff"}}""")] // A lone surrogate.
    public void Resolve_StateMissingOrUnreadable_IsTheUidInAnUnknownNamespace(string? json)
    {
        if (json is not null)
        {
            proc.WriteFile($"1/root/run/containerd/io.containerd.runtime.v2.task/k8s.io/{Id}/config.json", json);
        }

        Names().Resolve(Owner()).ShouldBe((Uid, "unknown"));
    }

    [Fact]
    public void Resolve_NotInAPod_IsNone() =>
        Names().Resolve(CgroupOwner.None).ShouldBe(("none", "none"));

    [Fact]
    public void Resolve_StateThatAppearsLater_IsFoundAfterAMinute()
    {
        var names = Names();
        names.Resolve(Owner()).ShouldBe((Uid, "unknown"));
        proc.WriteFile($"1/root/run/containerd/io.containerd.runtime.v2.task/k8s.io/{Id}/config.json",
            Spec("web-7d9f", "shop", Uid));

        names.Resolve(Owner()).ShouldBe((Uid, "unknown")); // Not read again at once.
        time.Advance(TimeSpan.FromMinutes(1));
        names.Resolve(Owner()).ShouldBe(("web-7d9f", "shop"));
    }

    [Theory]
    [InlineData("1b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0")] // Another pod's.
    [InlineData(null)] // None given.
    public void Resolve_SpecNamingAnotherPodOrNone_IsNotTrusted(string? specUid)
    {
        // Issue 15 item 5: the names are the pod's only when the spec's pod uid is the cgroup's.
        proc.WriteFile(ContainerdSpec, Spec("web-7d9f", "shop", specUid));

        Names().Resolve(Owner()).ShouldBe((Uid, "unknown"));
    }

    [Fact]
    public void Resolve_PodNotAskedForInFifteenMinutes_IsForgotten()
    {
        var names = Names();
        proc.WriteFile(ContainerdSpec, Spec("web-7d9f", "shop", Uid));
        names.Resolve(Owner()).ShouldBe(("web-7d9f", "shop"));
        File.Delete(System.IO.Path.Combine(proc.Path, ContainerdSpec)); // The pod is gone.

        time.Advance(PodNames.ForgetAfter - TimeSpan.FromMinutes(1));
        names.Resolve(Owner()).ShouldBe(("web-7d9f", "shop"), "asked for within the period: kept");
        time.Advance(PodNames.ForgetAfter + TimeSpan.FromMinutes(1));
        names.Resolve(new CgroupOwner("none", Id, "2b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0", "containerd")); // Any lookup forgets what is stale.

        names.Count.ShouldBe(1, "the gone pod's names were forgotten; only the new miss is kept");
        names.Resolve(Owner()).ShouldBe((Uid, "unknown"));
    }

    private const string ContainerdSpec = $"1/root/run/containerd/io.containerd.runtime.v2.task/k8s.io/{Id}/config.json";

    private static string Spec(string name, string ns, string? uid)
    {
        var uidMember = uid is null ? "" : ",\"io.kubernetes.cri.sandbox-uid\":\"" + uid + "\"";
        return "{\"annotations\":{\"io.kubernetes.cri.sandbox-name\":\"" + name + "\",\"io.kubernetes.cri.sandbox-namespace\":\"" + ns + "\"" + uidMember + "}}";
    }

    private PodNames Names() => new(new ProcFsRoot(proc.Path), time);

    private static CgroupOwner Owner() => new("none", Id, Uid, "containerd");
}

using PortWatch.Owners;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Owners;

/// <summary>
/// The cgroup parser on paths as each runtime writes them (taken from real hosts: systemd, docker with either cgroup
/// driver, containerd and CRI-O under Kubernetes with systemd and cgroupfs drivers, podman rootful and rootless), in
/// cgroup v2, v1 and hybrid files.
/// </summary>
public sealed class CgroupParserTests
{
    private const string Id = "3f2a9c1b7d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8";
    private const string Short = "3f2a9c1b7d4e";
    private const string PodUid = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
    private const string PodSlice = "0b1c2d3e_4f50_6172_8394_a5b6c7d8e9f0";

    [Theory]
    [InlineData("x,sshd.service", @"x\x2csshd.service")]
    [InlineData("evil\t.service", @"evil\x09.service")]
    [InlineData("a\\x2cb.scope", @"a\x5cx2cb.scope")]
    [InlineData("\u202eecivres.scope", @"\xe2\x80\xaeecivres.scope")]
    [InlineData("caf\u00e9.service", "caf\u00e9.service")]
    public void Parse_UnitNamedByAUserInItsDelegatedSubtree_IsEscapedAsProcessNamesAre(string segment, string unit)
    {
        // A user with a delegated cgroup subtree (user@UID.service) may create cgroups of any name there.
        var owner = CgroupParser.Parse($"0::/user.slice/user-1000.slice/user@1000.service/app.slice/{segment}\n");

        owner.Unit.ShouldBe("user@1000.service/" + unit);
    }

    [Theory]
    [InlineData("0::/system.slice/sshd.service\n", "sshd.service", "none", "none", "none")]
    [InlineData("0::/user.slice/user-1000.slice/session-3.scope\n", "session-3.scope", "none", "none", "none")]
    [InlineData("0::/user.slice/user-1000.slice/user@1000.service/app.slice/syncthing.service\n", "user@1000.service/syncthing.service", "none", "none", "none")]
    [InlineData("0::/user.slice/user-1000.slice/user@1000.service/app.slice/nginx.service/sub.scope\n", "user@1000.service/nginx.service", "none", "none", "none")]
    [InlineData("0::/user.slice/user-1000.slice/user@1000.service/init.scope\n", "user@1000.service/init.scope", "none", "none", "none")]
    [InlineData("0::/user.slice/user-1000.slice/user@1000.service\n", "user@1000.service", "none", "none", "none")]
    [InlineData("0::/system.slice/foo.service/nested.service\n", "foo.service", "none", "none", "none")]
    [InlineData("0::/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-besteffort.slice/kubelet-kubepods-besteffort-pod" + PodSlice + ".slice/cri-containerd-" + Id + ".scope\n", "none", Short, PodUid, "containerd")]
    [InlineData("0::/init.scope\n", "init.scope", "none", "none", "none")]
    [InlineData("0::/\n", "none", "none", "none", "none")]
    [InlineData("0::/system.slice/docker-" + Id + ".scope\n", "none", Short, "none", "docker")]
    [InlineData("0::/docker/" + Id + "\n", "none", Short, "none", "docker")]
    [InlineData("0::/system.slice/docker-" + Id + ".scope/system.slice/nginx.service\n", "nginx.service", Short, "none", "docker")]
    [InlineData("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + PodSlice + ".slice/cri-containerd-" + Id + ".scope\n", "none", Short, PodUid, "containerd")]
    [InlineData("0::/kubepods.slice/kubepods-pod" + PodSlice + ".slice/crio-" + Id + ".scope\n", "none", Short, PodUid, "cri-o")]
    [InlineData("0::/kubepods/besteffort/pod" + PodUid + "/" + Id + "\n", "none", Short, PodUid, "kubernetes")]
    [InlineData("0::/system.slice/containerd.service/kubepods-besteffort-pod" + PodSlice + ".slice:cri-containerd:" + Id + "\n", "none", Short, PodUid, "containerd")]
    [InlineData("0::/machine.slice/libpod-" + Id + ".scope/container\n", "none", Short, "none", "podman")]
    [InlineData("0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" + Id + ".scope\n", "user@1000.service/libpod-" + Id + ".scope", "none", "none", "none")]
    [InlineData("0::/machine.slice/libpod-conmon-" + Id + ".scope\n", "libpod-conmon-" + Id + ".scope", "none", "none", "none")]
    public void Parse_RealPaths_GiveUnitContainerAndPod(string text, string unit, string container, string pod, string runtime)
    {
        var owner = CgroupParser.Parse(text);

        owner.Unit.ShouldBe(unit);
        owner.Container.ShouldBe(container);
        owner.PodUid.ShouldBe(pod);
        owner.Runtime.ShouldBe(runtime);
    }

    [Fact]
    public void Parse_CgroupV1_TakesTheSystemdHierarchy()
    {
        const string text = """
            12:pids:/system.slice/docker-3f2a9c1b7d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8.scope
            11:memory:/system.slice/docker-3f2a9c1b7d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8.scope
            2:cpu,cpuacct:/system.slice/docker-3f2a9c1b7d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8.scope
            1:name=systemd:/system.slice/docker-3f2a9c1b7d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8.scope
            """;

        CgroupParser.Parse(text).Container.ShouldBe(Short);
    }

    [Fact]
    public void Parse_Hybrid_V2LineAtTheRoot_TakesTheSystemdHierarchy()
    {
        // This machine's shape: cgroup v1 controllers, a name=systemd hierarchy and an empty unified one.
        const string text = "9:name=systemd:/system.slice/cron.service\n4:memory:/process_api/a9dd13ee\n1:cpu:/\n0::/\n";

        CgroupParser.Parse(text).Unit.ShouldBe("cron.service");
    }

    [Fact]
    public void Parse_V1WithoutSystemd_TakesTheFirstControllerNotAtTheRoot()
    {
        CgroupParser.PathOf("3:cpuset:/\n4:memory:/docker/" + Id + "\n").ShouldBe("/docker/" + Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("0::relative/path\n")]
    [InlineData("1:cpu\n")]
    [InlineData("::::\n")]
    public void Parse_Malformed_IsNone(string text) => CgroupParser.Parse(text).ShouldBe(CgroupOwner.None);

    [Theory]
    [InlineData("/system.slice/docker-0123.scope")] // Too short to be an id.
    [InlineData("/system.slice/docker-" + "3F2A9C1B7D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8" + ".scope")] // Upper case: not what runtimes write.
    [InlineData("/somewhere/" + Id)] // A bare id under nothing known: not guessed.
    [InlineData("/kubepods.slice/kubepods-podnot-a-uid.slice")]
    [InlineData("/user.slice/user-1000.slice/user@1000.service/kubepods/besteffort/pod" + PodUid + "/" + Id)] // A user's delegated subtree.
    [InlineData("/user.slice/user-1000.slice/user@1000.service/app.slice/docker-" + Id + ".scope")]
    [InlineData("/user.slice/user-1000.slice/user@1000.service/kubepods-besteffort-pod" + PodSlice + ".slice:cri-containerd:" + Id)]
    [InlineData("/system.slice/pod" + PodUid + "/" + Id)] // Not below the kubelet's root.
    [InlineData("/pod" + PodUid + "/" + Id)]
    public void ParsePath_LookAlikes_AreNotContainersOrPods(string path)
    {
        var owner = CgroupParser.ParsePath(path);

        owner.Container.ShouldBe("none");
        owner.PodUid.ShouldBe("none");
    }
}

using System.Diagnostics;
using PortWatch.ProcFs;
using PortWatch.Tracing;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Tracing;

/// <summary>
/// The real cgroup v2 hierarchy: a cgroup made here is found by its id (its directory's inode), as the tracer finds a gone
/// process's; and its root is found from inside a cgroup namespace of its own, as a container or a pod sees it.
/// </summary>
public sealed class CgroupHierarchyTests
{
    [Fact]
    public void PathOf_ACgroupsId_IsItsPathFromTheRoot_AndTheRootIsSlash()
    {
        var hierarchy = CgroupHierarchy.Find(ProcFsRoot.Self);
        Assert.SkipWhen(hierarchy is null, "cgroup v2 is not mounted on this machine");
        Assert.SkipUnless(ProcFsRoot.Self.HasCapability(ProcFsRoot.CapSysAdmin), "making a cgroup needs root; as root (CI) this test runs");
        var root = hierarchy!.Root;
        var name = $"portwatch-test-{Guid.NewGuid():N}";
        var directory = Path.Combine(root, name);
        Directory.CreateDirectory(directory);
        try
        {
            var id = TracingSyscalls.InodeOf(directory).ShouldNotBeNull();
            hierarchy.PathOf(id).ShouldBe("/" + name);
            hierarchy.PathOf(TracingSyscalls.InodeOf(root)!.Value).ShouldBe("/");
            hierarchy.PathOf(1UL << 62).ShouldBeNull();
            CgroupHierarchy.AsProcCgroup("/" + name).ShouldBe($"0::/{name}\n");
        }
        finally
        {
            Directory.Delete(directory);
        }
    }

    [Fact]
    public void FromMountInfo_TakesTheHighestCgroup2Root_NotTheNamespacesOwnOrASubtree()
    {
        const string mountInfo =
            "25 30 0:23 / /sys rw,nosuid - sysfs sysfs rw\n" +
            "41 31 0:38 /system.slice /mnt/slice rw,relatime - cgroup2 cgroup2 rw\n" +
            "42 31 0:38 / /sys/fs/cgroup rw,relatime - cgroup2 cgroup2 rw\n" +
            "43 31 0:38 /../.. /host/sys/fs/cgroup ro,relatime - cgroup2 cgroup2 rw\n" +
            "44 31 0:38 /.. /host/other\\040dir ro,relatime - cgroup2 cgroup2 rw\n" +
            "45 31 0:39 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n";
        CgroupHierarchy.FromMountInfo(mountInfo).ShouldNotBeNull().Root.ShouldBe("/host/sys/fs/cgroup");
        CgroupHierarchy.FromMountInfo("44 31 0:38 /.. /host/other\\040dir ro - cgroup2 cgroup2 rw\n").ShouldNotBeNull().Root.ShouldBe("/host/other dir");
        CgroupHierarchy.FromMountInfo("41 31 0:38 /system.slice /mnt/slice rw - cgroup2 cgroup2 rw\n").ShouldBeNull();
        CgroupHierarchy.FromMountInfo("45 31 0:39 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n").ShouldBeNull();
        CgroupHierarchy.FromMountInfo("").ShouldBeNull();
    }

    [Fact]
    public void FromMountInfo_InsideACgroupNamespaceOfItsOwn_IsTheHostsHierarchy_NotTheNamespacesFreshMount()
    {
        var hierarchy = CgroupHierarchy.Find(ProcFsRoot.Self);
        Assert.SkipWhen(hierarchy is null, "cgroup v2 is not mounted on this machine");
        Assert.SkipUnless(ProcFsRoot.Self.HasCapability(ProcFsRoot.CapSysAdmin), "cgroup and mount namespaces need root; as root (CI) this test runs");
        var cgroup = Path.Combine(hierarchy!.Root, $"portwatch-test-{Guid.NewGuid():N}");
        var fresh = Directory.CreateTempSubdirectory("portwatch-cgroup2-").FullName;
        Directory.CreateDirectory(cgroup);
        try
        {
            // A process moved into a cgroup of its own, then in new cgroup and mount namespaces (as a container is): the
            // host's hierarchy it inherited reads "/.." there, and cgroup2 mounted afresh reads "/" (its own cgroup).
            var script = $"echo $$ > '{cgroup}/cgroup.procs' && exec unshare --cgroup --mount sh -c \"mount -t cgroup2 none '{fresh}' && cat /proc/self/mountinfo\"";
            using var process = Process.Start(new ProcessStartInfo("sh", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var mountInfo = process.StandardOutput.ReadToEnd();
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            process.ExitCode.ShouldBe(0, errors);
            mountInfo.Split('\n').ShouldContain(l => l.Contains($" / {fresh} ", StringComparison.Ordinal) && l.Contains(" - cgroup2 ", StringComparison.Ordinal), mountInfo);
            mountInfo.Split('\n').ShouldContain(l => l.Contains($" /.. {hierarchy.Root} ", StringComparison.Ordinal), mountInfo);
            CgroupHierarchy.FromMountInfo(mountInfo).ShouldNotBeNull().Root.ShouldBe(hierarchy.Root);
        }
        finally
        {
            Directory.Delete(fresh);
            Directory.Delete(cgroup);
        }
    }
}

using PortWatch.ProcFs;
using PortWatch.Tracing;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Tracing;

/// <summary>The real cgroup v2 hierarchy: a cgroup made here is found by its id (its directory's inode), as the tracer finds a gone process's.</summary>
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
}

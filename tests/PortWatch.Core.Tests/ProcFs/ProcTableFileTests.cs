using System.Net.Sockets;
using PortWatch.ProcFs;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.ProcFs;

/// <summary>A table file read scan after scan: its text only when its bytes changed, whole however long, null when missing.</summary>
public sealed class ProcTableFileTests
{
    [Fact]
    public void Read_SameBytes_IsUnchanged_OtherBytesOrALongerTable_IsTheWholeNewText_AMissingFile_IsNull()
    {
        var root = Directory.CreateTempSubdirectory("portwatch-table-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "net"));
            var path = Path.Combine(root, "net", "raw");
            File.WriteAllText(path, "sl local\n0: a\n");
            var file = new ProcTableFile("net/raw");
            var tables = new ProcFsRoot(root);
            file.Read(tables).ShouldBe((true, "sl local\n0: a\n"));
            file.Read(tables).ShouldBe((false, (string?)null));
            File.WriteAllText(path, "sl local\n0: b\n");
            file.Read(tables).ShouldBe((true, "sl local\n0: b\n"));
            var longer = "sl local\n" + string.Concat(Enumerable.Range(0, 3000).Select(i => $"{i}: line\n"));
            File.WriteAllText(path, longer);
            file.Read(tables).ShouldBe((true, longer));
            file.Read(tables).ShouldBe((false, (string?)null));
            File.Delete(path);
            file.Read(tables).ShouldBe((true, (string?)null));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Read_TheKernelsRawTable_ChangesWhenARawSocketOpens()
    {
        Assert.SkipUnless(ProcFsRoot.Self.HasCapability(ProcFsRoot.CapSysAdmin), "a raw socket needs CAP_NET_RAW, which root has; as root (CI) this test runs");
        var file = new ProcTableFile("net/raw");
        file.Read(ProcFsRoot.Self).Changed.ShouldBeTrue();
        using var raw = new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Icmp);
        var (changed, text) = file.Read(ProcFsRoot.Self);
        changed.ShouldBeTrue();
        text.ShouldNotBeNull().ShouldContain(":0001 ");
    }
}

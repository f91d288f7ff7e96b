using System.Net.Sockets;
using PortWatch.Netlink;
using PortWatch.PacketSockets;
using PortWatch.ProcFs;
using PortWatch.Sockets;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.PacketSockets;

/// <summary>The packet and raw socket enumerator on this machine's kernel, with real sockets: packet_diag against /proc/net/packet, raw sockets from /proc/net/raw(6).</summary>
public sealed class PacketSocketEnumeratorTests : IDisposable
{
    private readonly PacketSocketsForTest opened = new();

    public void Dispose() => opened.Dispose();

    [Fact]
    public void Enumerate_Netlink_ReportsFilterInterfaceAndProtocolOfRealSockets()
    {
        var filtered = PacketSocketsForTest.InodeOf(opened.Packet(PacketSocketsForTest.EthPAll, filter: true));
        var arpOnLoopback = PacketSocketsForTest.InodeOf(opened.Packet(PacketSocketsForTest.EthPArp, interfaceIndex: 1, type: SocketType.Dgram));
        var icmp = PacketSocketsForTest.InodeOf(opened.Raw(AddressFamily.InterNetwork, ProtocolType.Icmp));
        var tcp6 = PacketSocketsForTest.InodeOf(opened.Raw(AddressFamily.InterNetworkV6, ProtocolType.Tcp));
        using var enumerator = new PacketSocketEnumerator(ProcFsRoot.Self, netlink: true, NamespaceAccess.None);

        var inventory = enumerator.Enumerate(new Dictionary<ulong, NetworkNamespace>(), TestContext.Current.CancellationToken);

        inventory.PacketMethod.ShouldBe(PacketReadMethod.Netlink);
        inventory.RawMethod.ShouldBe(PacketReadMethod.Procfs, "this kernel has no CONFIG_INET_RAW_DIAG");
        var all = inventory.Sockets.ToDictionary(s => s.Inode);
        all[filtered].ShouldBe(new PacketSocketRecord(PacketSocketKind.Packet, 0x0003, null, 0, PacketFilter.Bpf, 0, filtered) { Interface = "any" });
        all[arpOnLoopback].ShouldBe(new PacketSocketRecord(PacketSocketKind.Packet, 0x0806, null, 1, PacketFilter.None, 0, arpOnLoopback) { Interface = "lo" });
        all[icmp].ShouldBe(new PacketSocketRecord(PacketSocketKind.Raw, 1, IpFamily.IPv4, null, PacketFilter.Unknown, 0, icmp));
        all[tcp6].ShouldBe(new PacketSocketRecord(PacketSocketKind.Raw, 6, IpFamily.IPv6, null, PacketFilter.Unknown, 0, tcp6));
        PacketProtocols.Label(PacketSocketKind.Raw, all[tcp6].Protocol).ShouldBe("tcp");
        PacketProtocols.Label(PacketSocketKind.Packet, all[arpOnLoopback].Protocol).ShouldBe("arp");
    }

    [Fact]
    public void Enumerate_Procfs_SeesTheSameSocketsAsNetlink_WithoutTheirFilters()
    {
        opened.Packet(PacketSocketsForTest.EthPAll, filter: true);
        opened.Packet(PacketSocketsForTest.EthPArp, interfaceIndex: 1);
        opened.Raw(AddressFamily.InterNetwork, ProtocolType.Icmp);
        using var netlink = new PacketSocketEnumerator(ProcFsRoot.Self, netlink: true, NamespaceAccess.None);
        using var procfs = new PacketSocketEnumerator(ProcFsRoot.Self, netlink: false, NamespaceAccess.None);
        var none = new Dictionary<ulong, NetworkNamespace>();

        // Other programs on the host may open or close one between the two reads: retry.
        HashSet<(ulong, int, string)> a = [], b = [];
        for (var attempt = 0; attempt < 5 && (a.Count == 0 || !a.SetEquals(b)); attempt++)
        {
            a = [.. netlink.Enumerate(none, TestContext.Current.CancellationToken).Sockets.Select(s => (s.Inode, s.Protocol, s.Interface))];
            b = [.. procfs.Enumerate(none, TestContext.Current.CancellationToken).Sockets.Select(s => (s.Inode, s.Protocol, s.Interface))];
        }

        a.ShouldBe(b, ignoreOrder: true);
        procfs.Enumerate(none, TestContext.Current.CancellationToken).Sockets.ShouldAllBe(s => s.Filter == PacketFilter.Unknown);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Enumerate_AnotherNamespace_TagsItsSocketsWithIt(bool enter)
    {
        var access = enter ? NamespaceAccess.Netlink : NamespaceAccess.Procfs;
        var name = $"pwt-{Guid.NewGuid():N}"[..14];
        Run("ip", "netns", "add", name);
        using var inside = System.Diagnostics.Process.Start("ip", ["netns", "exec", name, "sleep", "60"]);
        try
        {
            var path = $"/run/netns/{name}";
            var inode = ulong.Parse(Output("stat", "-L", "-c", "%i", path), System.Globalization.CultureInfo.InvariantCulture);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (ProcFsRoot.Self.ReadNetNamespace(inside.Id) != inode && DateTime.UtcNow < deadline)
            {
                Thread.Yield();
            }

            var packet = NamespaceEntry.Run(path, inode, () => opened.Packet(PacketSocketsForTest.EthPAll, filter: true));
            var raw = NamespaceEntry.Run(path, inode, () => opened.Raw(AddressFamily.InterNetwork, ProtocolType.Icmp));
            var space = new Dictionary<ulong, NetworkNamespace> { [inode] = new NetworkNamespace(inode, inside.Id, path) };
            using var enumerator = new PacketSocketEnumerator(ProcFsRoot.Self, netlink: true, access);

            var found = enumerator.Enumerate(space, TestContext.Current.CancellationToken).Sockets;

            var filter = access == NamespaceAccess.Netlink ? PacketFilter.Bpf : PacketFilter.Unknown;
            found.ShouldContain(s => s.Inode == PacketSocketsForTest.InodeOf(packet) && s.Netns == inode && s.Filter == filter);
            found.ShouldContain(s => s.Inode == PacketSocketsForTest.InodeOf(raw) && s.Netns == inode && s.Protocol == 1);
            found.ShouldNotContain(s => s.Inode == PacketSocketsForTest.InodeOf(packet) && s.Netns == 0);
        }
        finally
        {
            inside.Kill();
            Run("ip", "netns", "delete", name);
        }
    }

    private static string Output(params string[] command)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(command[0], command[1..]) { RedirectStandardOutput = true })!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return text.Trim();
    }

    private static void Run(params string[] command)
    {
        using var process = System.Diagnostics.Process.Start(command[0], command[1..]);
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, string.Join(' ', command));
    }
}

using System.Net;
using System.Net.Sockets;
using PortWatch.ProcFs;
using PortWatch.Sockets;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Sockets;

/// <summary>The sock_diag enumerator against the /proc/net tables, on this machine's kernel with hundreds of real listeners.</summary>
public sealed class NetlinkSocketSourceTests : IDisposable
{
    private static readonly HashSet<TransportProtocol> Both = [TransportProtocol.Tcp, TransportProtocol.Udp];
    private readonly RealSockets sockets = new();

    public void Dispose() => sockets.Dispose();

    [Fact]
    public void Enumerate_HundredsOfRealListeners_IsTheSetTheProcTablesShow()
    {
        var opened = new List<(TransportProtocol, int)>();
        IPAddress[] addresses = [IPAddress.Loopback, IPAddress.IPv6Loopback, IPAddress.Any, IPAddress.IPv6Any];
        for (var i = 0; i < 400; i++)
        {
            var tcp = i % 2 == 0;
            var socket = sockets.Listen(tcp ? ProtocolType.Tcp : ProtocolType.Udp, addresses[i % 4]);
            opened.Add((tcp ? TransportProtocol.Tcp : TransportProtocol.Udp, RealSockets.PortOf(socket)));
        }

        // Both sees the whole host; other programs may open or close a socket between the two reads: retry.
        using var netlink = new NetlinkSocketSource(new ProcNetSocketSource(ProcFsRoot.Self));
        var procfs = new ProcNetSocketSource(ProcFsRoot.Self);
        HashSet<SocketRecord> fromNetlink = [], fromProcfs = [];
        for (var attempt = 0; attempt < 5; attempt++)
        {
            fromNetlink = [.. netlink.Enumerate(Both, TestContext.Current.CancellationToken).Sockets];
            fromProcfs = [.. procfs.Enumerate(Both, TestContext.Current.CancellationToken).Sockets];
            if (fromNetlink.SetEquals(fromProcfs))
            {
                break;
            }
        }

        fromNetlink.Except(fromProcfs).ShouldBeEmpty("sockets only netlink reported");
        fromProcfs.Except(fromNetlink).ShouldBeEmpty("sockets only /proc/net reported");
        foreach (var (protocol, port) in opened)
        {
            fromNetlink.ShouldContain(s => s.Protocol == protocol && s.Port == port && s.Inode != 0 && s.Uid == Uid());
        }
    }

    [Fact]
    public void Enumerate_ConnectedUdpAndEstablishedTcp_AreNotListeners()
    {
        var server = sockets.Listen(ProtocolType.Tcp, IPAddress.Loopback);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(server.LocalEndPoint!);
        using var accepted = server.Accept();
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Connect(new IPEndPoint(IPAddress.Loopback, 9));
        using var netlink = new NetlinkSocketSource(new ProcNetSocketSource(ProcFsRoot.Self));

        var found = netlink.Enumerate(Both, TestContext.Current.CancellationToken).Sockets;

        found.ShouldContain(s => s.Port == RealSockets.PortOf(server) && s.Protocol == TransportProtocol.Tcp);
        found.ShouldNotContain(s => s.Port == RealSockets.PortOf(client));
        found.ShouldNotContain(s => s.Port == RealSockets.PortOf(udp) && s.Protocol == TransportProtocol.Udp);
    }

    private static uint Uid() => uint.Parse(File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
}

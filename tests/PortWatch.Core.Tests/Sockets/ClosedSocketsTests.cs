using System.Net;
using System.Net.Sockets;
using PortWatch.ProcFs;
using PortWatch.Sockets;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Sockets;

/// <summary>The kernel's socket-destroy broadcasts, heard for real: what was a listener comes through, the rest never leaves the kernel.</summary>
public sealed class ClosedSocketsTests : IDisposable
{
    private readonly ClosedSockets closed = ClosedSockets.Start(ProcFsRoot.Self, TimeProvider.System);
    private readonly List<ClosedSocket> heard = [];

    public void Dispose() => closed.Dispose();

    [Fact]
    public void Start_AsThisUser_HearsTheGroupsThroughTheKernelFilter()
    {
        closed.Unavailable.ShouldBeNull();
        closed.Available.ShouldBeTrue();
        closed.Filtered.ShouldBeTrue();
    }

    [Theory]
    [InlineData("tcp", "0.0.0.0")]
    [InlineData("tcp", "::1")]
    [InlineData("udp", "127.0.0.1")]
    [InlineData("udp", "::")]
    public void ListenerOutsideTheEphemeralRange_Closed_IsHeardWithItsIdentity(string protocol, string address)
    {
        int port;
        using (var sockets = new RealSockets())
        {
            port = RealSockets.PortOf(sockets.ListenOutsideEphemeral(protocol == "tcp" ? ProtocolType.Tcp : ProtocolType.Udp, IPAddress.Parse(address)));
        }

        var socket = WaitFor(s => s.Socket.Port == port).Socket;

        socket.Protocol.ShouldBe(protocol == "tcp" ? TransportProtocol.Tcp : TransportProtocol.Udp);
        socket.Address.ShouldBe(IPAddress.Parse(address));
        socket.Family.ShouldBe(address.Contains(':', StringComparison.Ordinal) ? IpFamily.IPv6 : IpFamily.IPv4);
        socket.Inode.ShouldBe(0ul);
    }

    [Fact]
    public void ClientsAndEphemeralPorts_Closed_NeverLeaveTheKernel()
    {
        var before = closed.Received;
        using (var sockets = new RealSockets())
        {
            var server = sockets.Listen(ProtocolType.Tcp, IPAddress.Loopback); // Ephemeral: a "find a free port" probe.
            for (var i = 0; i < 200; i++)
            {
                using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                client.Connect(server.LocalEndPoint!);
                using var accepted = server.Accept();
                using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                udp.SendTo([1], new IPEndPoint(IPAddress.Loopback, 9));
            }

            // A marker the test can wait for: everything above was destroyed before it.
            sockets.ListenOutsideEphemeral(ProtocolType.Udp, IPAddress.Loopback);
        }

        WaitFor(_ => true);
        heard.ShouldHaveSingleItem().Socket.Protocol.ShouldBe(TransportProtocol.Udp);
        // Other programs on this machine may close listeners meanwhile; hundreds of connections must not show.
        (closed.Received - before).ShouldBeLessThan(20);
    }

    private ClosedSocket WaitFor(Func<ClosedSocket, bool> match)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            heard.AddRange(closed.Drain());
            if (heard.FirstOrDefault(match) is { Socket.Port: > 0 } found)
            {
                return found;
            }

            Thread.Yield();
        }

        throw new TimeoutException("the destroy event did not arrive within 10 s");
    }
}

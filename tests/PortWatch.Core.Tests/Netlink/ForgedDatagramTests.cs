using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PortWatch.Netlink;
using PortWatch.ProcFs;
using PortWatch.Sockets;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Netlink;

/// <summary>
/// Any local process may send a datagram to a netlink socket's port id (no right is needed to unicast to it): a
/// destroy message forged that way must not become a closed listener. Sent for real, from a netlink socket of this
/// process, to the destroy-event sockets of this process (found in /proc/net/netlink by their inode).
/// </summary>
public sealed class ForgedDatagramTests : IDisposable
{
    private const int ForgedPort = 1013;
    private readonly ClosedSockets closed = ClosedSockets.Start(ProcFsRoot.Self, TimeProvider.System);

    public void Dispose() => closed.Dispose();

    [Fact]
    public void DestroyMessage_SentByAnotherSocketNotTheKernel_IsSkippedAndCounted()
    {
        var forged = SockDiagBytes.Socket(SockDiag.AfInet, ForgedPort, "127.77.66.55", state: SockDiag.StateClose, protocolAttribute: SockDiag.IpProtoTcp, sequence: 0);
        using var sender = NetlinkSocket.Open();
        using var socket = new Socket(new SafeSocketHandle(sender.DangerousGetHandle(), ownsHandle: false));
        foreach (var port in DestroyEventPortIds())
        {
            var address = new SocketAddress(socket.AddressFamily, 12);
            address.Buffer.Span.Clear();
            BinaryPrimitives.WriteUInt16LittleEndian(address.Buffer.Span, 16);
            BinaryPrimitives.WriteUInt32LittleEndian(address.Buffer.Span[4..], port);
            socket.SendTo(forged, SocketFlags.None, address);
        }

        // Then a real listener closes: its broadcast comes after the forged datagram, so once it is heard the forged one was read.
        int real;
        using (var sockets = new RealSockets())
        {
            real = RealSockets.PortOf(sockets.ListenOutsideEphemeral(ProtocolType.Tcp, IPAddress.Loopback));
        }

        var heard = new List<ClosedSocket>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!heard.Any(c => c.Socket.Port == real) && DateTime.UtcNow < deadline)
        {
            heard.AddRange(closed.Drain());
            Thread.Yield();
        }

        heard.ShouldContain(c => c.Socket.Port == real, "the real listener's destroy event arrived");
        heard.ShouldNotContain(c => c.Socket.Port == ForgedPort, "a datagram from a process, not the kernel, became a closed listener");
    }

    /// <summary>The port ids of this process's sock_diag sockets that are in the destroy groups.</summary>
    private static List<uint> DestroyEventPortIds()
    {
        var mine = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fd in Directory.GetFiles("/proc/self/fd"))
        {
            if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
            {
                mine.Add(target[8..^1]);
            }
        }

        var ports = new List<uint>();
        foreach (var line in File.ReadLines("/proc/net/netlink").Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields[1] == "4" && fields[3] == "0000000f" && mine.Contains(fields[9]))
            {
                ports.Add(uint.Parse(fields[2], CultureInfo.InvariantCulture));
            }
        }

        ports.ShouldNotBeEmpty("this process's destroy-event socket is in /proc/net/netlink");
        return ports;
    }
}

using System.Net;
using System.Net.Sockets;

namespace PortWatch.Benchmarks;

/// <summary>Real listeners held by the benchmark process, so that scans have a busy host's tables to read.</summary>
internal sealed class Listeners : IDisposable
{
    private readonly List<Socket> sockets = [];

    public Listeners(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var tcp = i % 2 == 0;
            var address = (i % 4) switch { 0 or 1 => IPAddress.Loopback, 2 => IPAddress.IPv6Loopback, _ => IPAddress.Any };
            var socket = new Socket(address.AddressFamily, tcp ? SocketType.Stream : SocketType.Dgram, tcp ? ProtocolType.Tcp : ProtocolType.Udp);
            socket.Bind(new IPEndPoint(address, 0));
            if (tcp)
            {
                socket.Listen();
            }

            sockets.Add(socket);
        }
    }

    public void Dispose()
    {
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }
    }
}

using System.Net;
using System.Net.Sockets;

namespace PortWatch.TestSupport;

/// <summary>Real sockets a test opens in its own process, closed on Dispose.</summary>
internal sealed class RealSockets : IDisposable
{
    private static int nextFixed = 20000 + (Environment.ProcessId % 5000);
    private readonly List<Socket> sockets = [];

    /// <summary>A TCP listener or a bound UDP socket on <paramref name="address"/>:<paramref name="port"/> (0: the kernel picks, from the ephemeral range).</summary>
    public Socket Listen(ProtocolType protocol, IPAddress address, int port = 0)
    {
        var socket = protocol == ProtocolType.Tcp
            ? new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            socket.DualMode = false;
        }

        socket.Bind(new IPEndPoint(address, port));
        if (protocol == ProtocolType.Tcp)
        {
            socket.Listen();
        }

        sockets.Add(socket);
        return socket;
    }

    /// <summary>A listener on a port below Linux's ephemeral range (32768-60999), chosen on purpose as a daemon's is.</summary>
    public Socket ListenOutsideEphemeral(ProtocolType protocol, IPAddress address)
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = Interlocked.Increment(ref nextFixed);
            if (port >= 32000)
            {
                Interlocked.Exchange(ref nextFixed, 20000);
                continue;
            }

            try
            {
                return Listen(protocol, address, port);
            }
            catch (SocketException)
            {
                // Taken: try the next one.
            }
        }

        throw new InvalidOperationException("no free port below the ephemeral range");
    }

    public static int PortOf(Socket socket) => ((IPEndPoint)socket.LocalEndPoint!).Port;

    public void Dispose()
    {
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }
    }
}

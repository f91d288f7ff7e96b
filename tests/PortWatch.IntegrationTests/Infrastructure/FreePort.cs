using System.Net;
using System.Net.Sockets;

namespace PortWatch.IntegrationTests.Infrastructure;

/// <summary>A TCP port free on 127.0.0.1 right now, for a server the test starts.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PortWatch.Scale;

/// <summary>Short-lived client sockets as fast as two threads make them: a TCP connection and a UDP send each turn.</summary>
internal static class Churn
{
    public static (long Connections, double Seconds) Run(TimeSpan duration)
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        server.Listen(4096);
        using var sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var stop = new CancellationTokenSource(duration);
        var accepting = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    server.Accept().Dispose();
                }
                catch (SocketException)
                {
                    return;
                }
            }
        });
        long connections = 0;
        var clock = Stopwatch.StartNew();
        Task.WaitAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                using (var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
                {
                    client.Connect(server.LocalEndPoint!);
                }

                using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                udp.SendTo([1], sink.LocalEndPoint!);
                Interlocked.Increment(ref connections);
            }
        })).ToArray());
        var seconds = clock.Elapsed.TotalSeconds;
        server.Close();
        accepting.Wait();
        return (connections, seconds);
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace PortWatch.TestSupport;

/// <summary>
/// A client that asks for the metrics and, once its response has begun, reads no more: with an exposition larger
/// than the socket buffers, the request stays in the exporter and holds one place of <c>--web.max-requests</c>, as a
/// stuck scraper's does. The response's status line is read first: a request that arrived while the places were
/// taken (a scrape the server had not finished yet) got a 503 and holds nothing, so it is asked again, and
/// <see cref="Rejected"/> counts those 503s for tests that compare the exporter's own count.
/// </summary>
internal sealed class HeldRequest : IDisposable
{
    private const string Ok = "HTTP/1.1 200";

    private HeldRequest(Socket socket, int rejected)
    {
        Socket = socket;
        Rejected = rejected;
    }

    /// <summary>The held connection; what the server sent can still be read from it.</summary>
    public Socket Socket { get; }

    /// <summary>The attempts that got a 503 before one got the place.</summary>
    public int Rejected { get; }

    public static async Task<HeldRequest> StartAsync(int port, string path = "/metrics")
    {
        var cancel = TestContext.Current.CancellationToken;
        var status = new byte[Ok.Length];
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancel);
            await socket.SendAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), cancel);
            var read = 0;
            int n;
            while (read < status.Length && (n = await socket.ReceiveAsync(status.AsMemory(read), cancel)) > 0)
            {
                read += n;
            }

            if (read == status.Length && Encoding.ASCII.GetString(status) == Ok)
            {
                return new HeldRequest(socket, attempt);
            }

            socket.Dispose();
            await Task.Delay(100, cancel);
        }

        throw new TimeoutException($"no request for {path} got a place in 50 attempts");
    }

    public void Dispose() => Socket.Dispose();
}

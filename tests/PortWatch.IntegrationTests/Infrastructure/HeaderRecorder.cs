using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PortWatch.IntegrationTests.Infrastructure;

/// <summary>
/// A scrape target that only records the request headers it receives and answers with one valid text
/// exposition: it shows what a real scraper asks for (its Accept header), without a proxy in the way.
/// </summary>
internal sealed class HeaderRecorder : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly List<string> requests = [];
    private readonly Task loop;

    public HeaderRecorder()
    {
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (requests)
            {
                return [.. requests];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await loop.ContinueWith(_ => { }, TaskScheduler.Default);
        stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            using var client = await listener.AcceptTcpClientAsync(stop.Token);
            var stream = client.GetStream();
            var head = new StringBuilder();
            var buffer = new byte[4096];
            while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, stop.Token);
                if (read == 0)
                {
                    break;
                }

                head.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            lock (requests)
            {
                requests.Add(head.ToString());
            }

            var body = "# HELP probe_up A probe.\n# TYPE probe_up gauge\nprobe_up 1\n"u8.ToArray();
            var response = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(response, stop.Token);
            await stream.WriteAsync(body, stop.Token);
        }
    }
}

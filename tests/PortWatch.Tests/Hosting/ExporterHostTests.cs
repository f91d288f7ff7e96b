using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using PortWatch.Hosting;
using PortWatch.Logging;
using PortWatch.Scanning;
using PortWatch.State;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Hosting;

/// <summary>The host as ExporterHost builds it: real Kestrel on loopback over a proc tree the test writes.</summary>
public sealed class ExporterHostTests : IDisposable
{
    private readonly FakeProcFs proc = new();

    public void Dispose() => proc.Dispose();

    [Fact]
    public async Task Run_ClientThatNeverReads_LosesItsPlaceOnceItFallsBelowTheMinimumResponseRate()
    {
        // 20,000 listeners: an exposition larger than the socket buffers take, so that a client that does not read holds its request.
        proc.SetTable("tcp", [.. Enumerable.Range(0, 20_000).Select(i => ProcNetLine.Format(i, "0.0.0.0", 2000 + i, ProcNetLine.Listen, (ulong)(100 + i)))]);
        var port = FreePort();
        var web = new WebOptions
        {
            ListenAddresses = [ListenAddress.Parse($"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}")],
            MaxRequests = 1,
            MinResponseBytesPerSecond = 1024 * 1024, // Megabytes in the socket buffers then buy seconds, not the minute and a half of the default.
            MinResponseGrace = TimeSpan.FromSeconds(2), // Kestrel takes no less than a second.
        };
        var scan = new ScanOptions { ProcFsPath = proc.Path, Method = ScanMethod.Procfs, Namespaces = NamespaceMode.Host, AttributeProcesses = false, MaxListeners = 0 };
        await using var app = ExporterHost.Build(new ExporterOptions(web, scan, new StateOptions(), new LogOptions { Level = LogLevel.Warning }), TestRegistry.Small(), new ListenerHistory());
        await app.StartAsync(TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/") };
        await UntilAsync(http, "-/ready", HttpStatusCode.OK);

        using var request = await HeldRequest.StartAsync(port);
        var held = request.Socket;
        await UntilAsync(http, "metrics", HttpStatusCode.ServiceUnavailable); // The held request has the one place.
        var holding = Stopwatch.StartNew();

        await UntilAsync(http, "metrics", HttpStatusCode.OK); // Kestrel closed it for reading too slowly: the place came back.

        holding.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
        held.ReceiveTimeout = 5000;
        var buffer = new byte[64 * 1024];
        Should.Throw<SocketException>(() =>
        {
            // What the server had sent before closing can be read; then the connection is gone (reset).
            while (held.Receive(buffer) > 0)
            {
            }

            throw new SocketException((int)SocketError.ConnectionReset);
        }).SocketErrorCode.ShouldBe(SocketError.ConnectionReset);
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    private static async Task UntilAsync(HttpClient http, string path, HttpStatusCode status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        HttpStatusCode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync(path, TestContext.Current.CancellationToken);
                if ((last = response.StatusCode) == status)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"/{path} did not answer {status} within 60 s; last {last}");
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PortWatch.Scale;

/// <summary>The programs the harness compares: the exporter, node_exporter, nginx; and wrk to load them.</summary>
internal sealed class Server : IDisposable
{
    private readonly Process process;

    private Server(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    public int Pid => process.Id;

    public string Url(string path) => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}{path}";

    public static Server Start(string program, Func<int, IEnumerable<string>> arguments, string readyPath)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments(port))
        {
            start.ArgumentList.Add(argument);
        }

        var server = new Server(Process.Start(start)!, port);
        server.process.BeginErrorReadLine();
        server.process.BeginOutputReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 300; attempt++)
        {
            try
            {
                if (http.GetAsync(server.Url(readyPath)).GetAwaiter().GetResult().StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            Thread.Sleep(100);
        }

        server.Dispose();
        throw new InvalidOperationException($"{program} did not answer {readyPath}");
    }

    /// <summary>Requests a second wrk reaches against <paramref name="url"/> (2 threads, 32 connections, <paramref name="seconds"/> s).</summary>
    public static double Wrk(string url, int seconds)
    {
        var output = Measure.Run("wrk", "-t2", "-c32", $"-d{seconds.ToString(CultureInfo.InvariantCulture)}s", url);
        var line = output.Split('\n').First(l => l.StartsWith("Requests/sec:", StringComparison.Ordinal));
        return double.Parse(line["Requests/sec:".Length..].Trim(), CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}

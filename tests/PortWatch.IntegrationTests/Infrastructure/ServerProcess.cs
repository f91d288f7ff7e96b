using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace PortWatch.IntegrationTests.Infrastructure;

/// <summary>A real server the test starts on a free loopback port, with its own data directory, stopped by pid.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder log = new();

    private ServerProcess(Process process, int port, string dataDirectory)
    {
        this.process = process;
        Port = port;
        DataDirectory = dataDirectory;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"), Timeout = TimeSpan.FromSeconds(10) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    public string DataDirectory { get; }

    public HttpClient Http { get; }

    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="program"/> with the arguments <paramref name="arguments"/> makes of (port, data directory), and waits for /-/ready.</summary>
    public static async Task<ServerProcess> StartAsync(string program, Func<int, string, IEnumerable<string>> arguments)
    {
        var port = FreePort.Next();
        var data = Directory.CreateTempSubdirectory($"portwatch-{Path.GetFileName(program)}-").FullName;
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments(port, data))
        {
            start.ArgumentList.Add(argument);
        }

        var server = new ServerProcess(Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}"), port, data);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (server.process.HasExited)
            {
                throw new InvalidOperationException($"{program} exited with {server.process.ExitCode}:\n{server.Log}");
            }

            try
            {
                using var response = await server.Http.GetAsync("-/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        await server.DisposeAsync();
        throw new TimeoutException($"{program} was not ready within 60 s");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
        Http.Dispose();
        Directory.Delete(DataDirectory, recursive: true);
    }

    private void Append(string? line)
    {
        lock (log)
        {
            log.AppendLine(line);
        }
    }
}

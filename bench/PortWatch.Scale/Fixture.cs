using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace PortWatch.Scale;

/// <summary>
/// A busy host, built in this process: listeners (TCP and UDP on 127.0.0.1 and ::1), established loopback
/// connections spread over ten server ports, and idle processes. Everything is closed or killed on Dispose.
/// </summary>
internal sealed partial class Fixture : IDisposable
{
    private readonly List<Socket> listeners = [];
    private const int ConnectionsPerHolder = 5000;
    private readonly List<Process> holders = [];
    private readonly List<Process> processes = [];

    public int Connections => holders.Count * ConnectionsPerHolder;

    /// <summary>Lets this process hold as many descriptors as its hard limit allows (connections live in helper processes).</summary>
    public static void RaiseDescriptorLimit()
    {
        var value = default(RLimit);
        if (GetResourceLimit(7 /* RLIMIT_NOFILE */, ref value) == 0)
        {
            value.Current = value.Maximum;
            _ = SetResourceLimit(7, ref value);
        }
    }

    public void SetListeners(int count)
    {
        while (listeners.Count > count)
        {
            listeners[^1].Dispose();
            listeners.RemoveAt(listeners.Count - 1);
        }

        while (listeners.Count < count)
        {
            var i = listeners.Count;
            var tcp = i % 2 == 0;
            var address = i % 4 < 2 ? IPAddress.Loopback : IPAddress.IPv6Loopback;
            var socket = new Socket(address.AddressFamily, tcp ? SocketType.Stream : SocketType.Dgram, tcp ? ProtocolType.Tcp : ProtocolType.Udp);
            socket.Bind(new IPEndPoint(address, 0));
            if (tcp)
            {
                socket.Listen();
            }

            listeners.Add(socket);
        }
    }

    /// <summary>
    /// Established loopback connections, held by helper processes of 5,000 connections each (10,000 descriptors, under
    /// the usual per-process limit): each is this program run with <c>--hold-connections</c>.
    /// </summary>
    public void SetConnections(int count)
    {
        while (holders.Count * ConnectionsPerHolder > count)
        {
            holders[^1].StandardInput.Close();
            holders[^1].WaitForExit();
            holders[^1].Dispose();
            holders.RemoveAt(holders.Count - 1);
        }

        while (holders.Count * ConnectionsPerHolder < count)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            {
                start.ArgumentList.Add(typeof(Fixture).Assembly.Location);
            }

            start.ArgumentList.Add("--hold-connections");
            start.ArgumentList.Add(ConnectionsPerHolder.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var holder = Process.Start(start)!;
            if (holder.StandardOutput.ReadLine() != "ready")
            {
                throw new InvalidOperationException("a connection holder did not start");
            }

            holders.Add(holder);
        }
    }

    /// <summary>The helper's side: a server and <paramref name="count"/> connections to it, held until standard input closes.</summary>
    public static void HoldConnections(int count)
    {
        RaiseDescriptorLimit();
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        server.Listen(4096);
        var sockets = new List<Socket>();
        for (var i = 0; i < count; i++)
        {
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            client.Connect(server.LocalEndPoint!);
            sockets.Add(client);
            sockets.Add(server.Accept());
        }

        Console.WriteLine("ready");
        Console.Out.Flush();
        Console.In.ReadToEnd();
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }
    }

    public void SetProcesses(int count)
    {
        while (processes.Count < count)
        {
            processes.Add(Process.Start(new ProcessStartInfo("sleep", "3600") { UseShellExecute = false })!);
        }
    }

    public void Dispose()
    {
        SetConnections(0);
        foreach (var socket in listeners)
        {
            socket.Dispose();
        }

        foreach (var process in processes)
        {
            process.Kill();
            process.Dispose();
        }
    }

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetResourceLimit(int resource, ref RLimit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetResourceLimit(int resource, ref RLimit limit);

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }
}

// A process for the integration tests to own listeners with: it names itself (any bytes, written to
// /proc/self/comm), opens the listeners asked for, prints one line a listener, and exits when its
// standard input closes.
//
// usage: portwatch-test-listener [--name-hex HEX] [--reuseport N] [--lifetime-ms N] SPEC...
//   --lifetime-ms N: close the listeners N ms after opening them and exit, without waiting for standard input
//   --churn-udp N: bind and close N UDP sockets, one at a time, on random 127.x.y.z addresses and ports 1024-32767
//     (what any user may do: each is a listener that closed, for the socket-destroy events), print "churned N", exit
//   SPEC is tcp:ADDRESS:PORT or udp:ADDRESS:PORT (IPv6 bracketed, port 0 for any free port),
//   e.g. tcp:127.0.0.1:0 udp:[::]:0 tcp:0.0.0.0:12
// prints: listening tcp 127.0.0.1 41234  (then "ready")
using System.Globalization;
using System.Net;
using System.Net.Sockets;

var sockets = new List<Socket>();
var reuse = 1;
var lifetime = -1;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--name-hex":
            File.WriteAllBytes("/proc/self/comm", Convert.FromHexString(args[++i]));
            continue;
        case "--reuseport":
            reuse = int.Parse(args[++i], CultureInfo.InvariantCulture);
            continue;
        case "--lifetime-ms":
            lifetime = int.Parse(args[++i], CultureInfo.InvariantCulture);
            continue;
        case "--churn-udp":
            Churn(int.Parse(args[++i], CultureInfo.InvariantCulture));
            return;
    }

    var spec = args[i];
    var protocol = spec[..spec.IndexOf(':', StringComparison.Ordinal)];
    var endpoint = IPEndPoint.Parse(spec[(protocol.Length + 1)..]);
    var port = endpoint.Port;
    for (var copy = 0; copy < reuse; copy++)
    {
        var socket = protocol == "tcp"
            ? new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (endpoint.AddressFamily == AddressFamily.InterNetworkV6)
        {
            socket.DualMode = false;
        }

        if (reuse > 1)
        {
            socket.SetRawSocketOption(1 /* SOL_SOCKET */, 15 /* SO_REUSEPORT */, BitConverter.GetBytes(1));
        }

        socket.Bind(new IPEndPoint(endpoint.Address, port));
        if (protocol == "tcp")
        {
            socket.Listen();
        }

        port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        sockets.Add(socket);
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"listening {protocol} {endpoint.Address} {port}"));
}

Console.WriteLine("ready");
Console.Out.Flush();
if (lifetime >= 0)
{
    Thread.Sleep(lifetime);
}
else
{
    Console.In.ReadToEnd();
}

foreach (var socket in sockets)
{
    socket.Dispose();
}

static void Churn(int count)
{
    var done = 0;
    while (done < count)
    {
        var address = new IPAddress([127, (byte)Random.Shared.Next(1, 255), (byte)Random.Shared.Next(0, 256), (byte)Random.Shared.Next(1, 255)]);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(address, Random.Shared.Next(1024, 32768)));
            done++;
        }
        catch (SocketException)
        {
            // Taken: another address and port.
        }
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"churned {count}"));
}

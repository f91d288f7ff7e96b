using System.Net;
using PortWatch.Listeners;
using PortWatch.Processes;
using PortWatch.Registry;
using PortWatch.Scanning;
using PortWatch.Sockets;
using PortWatch.State;

namespace PortWatch.Benchmarks;

/// <summary>Listeners as a scan builds them, without opening sockets: TCP and UDP, both families, a process each.</summary>
internal static class SyntheticListeners
{
    public static List<Listener> Make(int count)
    {
        var now = DateTimeOffset.UtcNow;
        var sockets = new List<SocketRecord>(count);
        var owners = new Dictionary<ulong, IReadOnlyList<ProcessInfo>>();
        for (var i = 0; i < count; i++)
        {
            var ipv6 = i % 3 == 0;
            var address = ipv6 ? IPAddress.Parse($"fd00::{i / 60000:x}") : new IPAddress([127, 1, (byte)(i / 60000), 1]);
            var inode = (ulong)(100_000 + i);
            sockets.Add(new SocketRecord(i % 2 == 0 ? TransportProtocol.Tcp : TransportProtocol.Udp, ipv6 ? IpFamily.IPv6 : IpFamily.IPv4, address, 1 + (i % 60000), inode, 0));
            owners[inode] = [new ProcessInfo(1000 + (i % 300), $"worker-{i % 300}")];
        }

        var sightings = sockets.Select(ListenerKey.Of).Distinct().ToDictionary(k => k, _ => new ListenerSighting(now, now));
        return ListenerBuilder.Build(sockets, new SocketOwners(owners, 300, 0, 0), RegistryLoader.LoadEmbedded(), [], sightings, now);
    }
}

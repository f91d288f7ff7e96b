using System.Net.NetworkInformation;

namespace PortWatch.Nftables;

/// <summary>The network interfaces of the calling thread's network namespace and their unicast addresses.</summary>
internal static class InterfaceReader
{
    public static IReadOnlyList<LocalInterface> Read() =>
        [.. NetworkInterface.GetAllNetworkInterfaces()
            .Select(i => new LocalInterface(
                i.Name,
                i.NetworkInterfaceType == NetworkInterfaceType.Loopback,
                [.. i.GetIPProperties().UnicastAddresses.Select(a => a.Address)]))
            .OrderBy(i => i.Name, StringComparer.Ordinal)];
}

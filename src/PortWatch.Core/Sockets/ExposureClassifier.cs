using System.Net;

namespace PortWatch.Sockets;

/// <summary>Judges a listener's exposure from its bound address.</summary>
internal static class ExposureClassifier
{
    public static Exposure Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return Exposure.Wildcard;
        }

        return IPAddress.IsLoopback(address) ? Exposure.Loopback : Exposure.Specific;
    }

    public static string ToLabel(this Exposure exposure) => exposure switch
    {
        Exposure.Loopback => "loopback",
        Exposure.Wildcard => "wildcard",
        _ => "specific",
    };
}

using System.Net;

namespace PortWatch.Nftables;

/// <summary>A network interface of the namespace and its addresses, as the evaluator needs them.</summary>
internal sealed record LocalInterface(string Name, bool Loopback, IReadOnlyList<IPAddress> Addresses);

using PortWatch.Sockets;

namespace PortWatch.Firewall;

/// <summary>
/// The base chains a packet of one family arriving on one interface meets on its way to a local socket, in order:
/// ingress (netdev and inet tables attached to that interface), prerouting, the routing decision (a null step), input;
/// at each hook by priority, tables of the packet's family and inet tables together. An ingress chain whose devices the
/// JSON does not name (nft 1.0.6 leaves them out) is on every interface's path, and a probe that meets a rule of it is unknown.
/// </summary>
internal sealed record HookPath(IReadOnlyList<Chain?> Steps)
{
    public static HookPath Of(Ruleset ruleset, IpFamily family, string interfaceName)
    {
        ArgumentNullException.ThrowIfNull(ruleset);
        var familyName = family == IpFamily.IPv4 ? "ip" : "ip6";
        var chains = ruleset.BaseChains.OrderBy(c => c.Priority).ThenBy(c => c.Family, StringComparer.Ordinal).ThenBy(c => c.Table, StringComparer.Ordinal).ToList();
        var steps = new List<Chain?>();
        steps.AddRange(chains.Where(c => c.Hook == "ingress" && c.Family is "netdev" or "inet" && (c.Devices.Contains(interfaceName) || c.Devices.Count == 0)));
        steps.AddRange(chains.Where(c => c.Hook == "prerouting" && (c.Family == familyName || c.Family == "inet")));
        steps.Add(null);
        steps.AddRange(chains.Where(c => c.Hook == "input" && (c.Family == familyName || c.Family == "inet")));
        return new HookPath(steps);
    }
}

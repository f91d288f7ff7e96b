using System.Net;
using System.Net.Sockets;
using PortWatch.Nftables;
using PortWatch.Sockets;

namespace PortWatch.Firewall;

/// <summary>
/// Answers, from one namespace's ruleset and interfaces, whether a new connection from outside (a TCP SYN or a first UDP
/// datagram, from any source that is not the host's own, arriving on any interface but loopback) would reach a
/// listener: <see cref="Reachability.Yes"/> when on every interface every source reaches it, <see cref="Reachability.No"/>
/// when none does, <see cref="Reachability.Some"/> in between. A destination port that DNAT maps to the listener's is
/// tried too. Pure: the same ruleset and interfaces give the same answers.
/// </summary>
internal sealed class FirewallEvaluator
{
    /// <summary>The most source ports a DNAT rule to a listener may name before the evaluator gives up on it.</summary>
    public const int MaxNatPorts = 256;

    private readonly Ruleset ruleset;
    private readonly List<LocalInterface> outside;
    private readonly IntervalSet local4;
    private readonly IntervalSet local6;
    private readonly Dictionary<(IpFamily, string), HookPath> paths = [];

    public FirewallEvaluator(Ruleset ruleset, IReadOnlyList<LocalInterface> interfaces)
    {
        ArgumentNullException.ThrowIfNull(interfaces);
        this.ruleset = ruleset;
        outside = [.. interfaces.Where(i => !i.Loopback)];
        var all = interfaces.SelectMany(i => i.Addresses).ToList();
        local4 = IntervalSet.Of(all.Where(a => a.AddressFamily == AddressFamily.InterNetwork).Select(a => (AddressNumbers.Of(a), AddressNumbers.Of(a))))
            .Union(AddressNumbers.Prefix("127.0.0.0", 8));
        local6 = IntervalSet.Of(all.Where(a => a.AddressFamily == AddressFamily.InterNetworkV6).Select(a => (AddressNumbers.Of(a), AddressNumbers.Of(a))))
            .Union(AddressNumbers.Prefix("::1", 128));
    }

    public Ruleset Ruleset => ruleset;

    public Evaluation Evaluate(TransportProtocol protocol, IpFamily family, IPAddress address, int port)
    {
        ArgumentNullException.ThrowIfNull(address);
        var exposure = ExposureClassifier.Classify(address);
        if (exposure == Exposure.Loopback)
        {
            return Evaluation.Local;
        }

        var addressFamily = family == IpFamily.IPv4 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
        var local = family == IpFamily.IPv4 ? local4 : local6;
        var destinations = exposure == Exposure.Wildcard
            ? outside.SelectMany(i => i.Addresses).Where(a => a.AddressFamily == addressFamily).Select(AddressNumbers.Of).Distinct().ToList()
            : [AddressNumbers.Of(address)];
        if (outside.Count == 0 || destinations.Count == 0)
        {
            return Evaluation.Local;
        }

        var number = protocol == TransportProtocol.Tcp ? 6 : 17;
        bool Reaches(Probe end) => end.Port == port && (exposure == Exposure.Wildcard ? local.Contains(end.Destination) : end.Destination == destinations[0]);
        var sources = Sources(addressFamily, local);
        try
        {
            var ports = PortsTo(family, number, port, local);
            var every = true;
            var any = false;
            foreach (var network in outside)
            {
                var walk = new ProbeWalk(ruleset, Path(family, network.Name), local, InterfaceAddress);
                var reached = IntervalSet.Empty;
                foreach (var destination in destinations)
                {
                    foreach (var to in ports)
                    {
                        foreach (var outcome in walk.Run(new Probe(family, number, network.Name, destination, to, sources)))
                        {
                            if (outcome.Delivered && Reaches(outcome.Probe))
                            {
                                reached = reached.Union(outcome.Probe.Sources);
                            }
                        }
                    }
                }

                every &= reached.Equals(sources);
                any |= !reached.IsEmpty;
            }

            return new Evaluation(every ? Reachability.Yes : any ? Reachability.Some : Reachability.No);
        }
        catch (EvaluationException e)
        {
            return Evaluation.Unknown(e.Reason, e.Message);
        }
    }

    /// <summary>Sources outside the host: every address of the family but unspecified, loopback, multicast and the host's own.</summary>
    private static IntervalSet Sources(AddressFamily family, IntervalSet local) =>
        family == AddressFamily.InterNetwork
            ? AddressNumbers.All(family).Subtract(AddressNumbers.Prefix("0.0.0.0", 8)).Subtract(AddressNumbers.Prefix("224.0.0.0", 3)).Subtract(local)
            : AddressNumbers.All(family).Subtract(AddressNumbers.Prefix("::", 128)).Subtract(AddressNumbers.Prefix("ff00::", 8)).Subtract(local);

    private HookPath Path(IpFamily family, string interfaceName)
    {
        if (!paths.TryGetValue((family, interfaceName), out var path))
        {
            path = HookPath.Of(ruleset, family, interfaceName);
            paths[(family, interfaceName)] = path;
        }

        return path;
    }

    private UInt128? InterfaceAddress(string name, IpFamily family) =>
        outside.FirstOrDefault(i => i.Name == name)?.Addresses
            .Where(a => a.AddressFamily == (family == IpFamily.IPv4 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6))
            .Select(a => (UInt128?)AddressNumbers.Of(a)).FirstOrDefault();

    /// <summary>
    /// The destination ports a connection may arrive on to end at <paramref name="port"/>: the port itself, and those of
    /// the prerouting rules that DNAT (or redirect) to it on a local address.
    /// </summary>
    private List<int> PortsTo(IpFamily family, int protocol, int port, IntervalSet local)
    {
        var ports = new SortedSet<int> { port };
        var familyName = family == IpFamily.IPv4 ? "ip" : "ip6";
        var natTables = ruleset.BaseChains.Where(c => c.IsNat && c.Hook == "prerouting" && (c.Family == familyName || c.Family == "inet"))
            .Select(c => (c.Family, c.Table)).ToHashSet();
        foreach (var chain in ruleset.Chains.Values.Where(c => natTables.Contains((c.Family, c.Table))))
        {
            foreach (var rule in chain.Rules)
            {
                if (rule.OfType<NatStatement>().FirstOrDefault(n => n.Port == port && (n.Address is not { } a || local.Contains(a))) is null)
                {
                    continue;
                }

                var dports = rule.OfType<MatchStatement>().Where(m => m.Field.Field == Field.DestinationPort && !m.Negated).ToList();
                if (dports.Any(m => m.Field.Protocol is { } p && p != protocol))
                {
                    continue; // A DNAT of the other transport protocol.
                }

                var matched = dports.Select(m => m.Value.Numbers).ToList();
                if (matched.Count == 0 || matched[0].Intervals.Sum(i => (double)(i.High - i.Low + 1)) > MaxNatPorts)
                {
                    throw new EvaluationException(Unevaluated.Nat, $"{chain.Family} {chain.Table} {chain.Name}: a DNAT to port {port} from ports the evaluator cannot list");
                }

                foreach (var (low, high) in matched[0].Intervals)
                {
                    for (var p = low; p <= high; p++)
                    {
                        ports.Add((int)p);
                    }
                }
            }
        }

        return [.. ports];
    }
}

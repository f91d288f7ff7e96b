using System.Net;
using PortWatch.Firewall;
using PortWatch.Nftables;
using PortWatch.Sockets;
using PortWatch.TestSupport;

namespace PortWatch.Core.Tests.Firewall;

/// <summary>The rulesets of Fixtures/nftables, as the real nft printed them (capture.sh), and the interfaces the tests give the evaluator.</summary>
internal static class CapturedRulesets
{
    public static readonly LocalInterface Loopback = new("lo", true, [IPAddress.Loopback, IPAddress.IPv6Loopback]);

    public static readonly LocalInterface Outside = new("veth-out", false, [IPAddress.Parse("198.18.0.1"), IPAddress.Parse("2001:db8::1")]);

    public static readonly LocalInterface Second = new("veth-b", false, [IPAddress.Parse("198.19.0.1")]);

    public static Ruleset Load(string name) => RulesetParser.Parse(Fixtures.Read("nftables", name + ".json"));

    public static Reachability Tcp(this FirewallEvaluator evaluator, string address, int port) =>
        evaluator.Evaluate(TransportProtocol.Tcp, Family(address), IPAddress.Parse(address), port).Reachable;

    public static Reachability Udp(this FirewallEvaluator evaluator, string address, int port) =>
        evaluator.Evaluate(TransportProtocol.Udp, Family(address), IPAddress.Parse(address), port).Reachable;

    public static FirewallEvaluator Evaluator(string name, params LocalInterface[] interfaces) =>
        new(Load(name), interfaces.Length == 0 ? [Loopback, Outside] : [Loopback, .. interfaces]);

    private static IpFamily Family(string address) => address.Contains(':', StringComparison.Ordinal) ? IpFamily.IPv6 : IpFamily.IPv4;
}

using System.Net;
using PortWatch.Firewall;
using PortWatch.Sockets;
using Shouldly;
using Xunit;
using static PortWatch.Core.Tests.Firewall.CapturedRulesets;

namespace PortWatch.Core.Tests.Firewall;

/// <summary>
/// The evaluator over rulesets the real nft printed (Fixtures/nftables/*.json, made by capture.sh from the .nft and
/// .rules files beside them). The integration tests check the same answers against the kernel's own verdicts.
/// </summary>
public sealed class FirewallEvaluatorTests
{
    [Fact]
    public void Evaluate_NoRuleset_WildcardIsReachableAndLoopbackIsLocal()
    {
        var evaluator = new FirewallEvaluator(Ruleset.Empty, [Loopback, Outside]);

        evaluator.Tcp("0.0.0.0", 22).ShouldBe(Reachability.Yes);
        evaluator.Udp("::", 53).ShouldBe(Reachability.Yes);
        evaluator.Tcp("127.0.0.1", 22).ShouldBe(Reachability.Local);
        evaluator.Tcp("::1", 22).ShouldBe(Reachability.Local);
    }

    [Fact]
    public void Evaluate_OnlyLoopbackInterface_EveryListenerIsLocal()
    {
        new FirewallEvaluator(Ruleset.Empty, [Loopback]).Tcp("0.0.0.0", 22).ShouldBe(Reachability.Local);
    }

    [Fact]
    public void Evaluate_DropPolicy_OnlyTheAcceptedPortIsReachable()
    {
        var evaluator = Evaluator("drop-policy");

        evaluator.Tcp("0.0.0.0", 22).ShouldBe(Reachability.Yes);
        evaluator.Tcp("::", 22).ShouldBe(Reachability.Yes);
        evaluator.Tcp("198.18.0.1", 22).ShouldBe(Reachability.Yes);
        evaluator.Tcp("0.0.0.0", 80).ShouldBe(Reachability.No);
        evaluator.Udp("0.0.0.0", 22).ShouldBe(Reachability.No);
        evaluator.Tcp("127.0.0.1", 80).ShouldBe(Reachability.Local);
    }

    [Fact]
    public void Evaluate_SourceAllowList_IsSome()
    {
        var evaluator = Evaluator("allow-list");

        evaluator.Tcp("0.0.0.0", 5432).ShouldBe(Reachability.Some);
        evaluator.Tcp("0.0.0.0", 8443).ShouldBe(Reachability.Some);
        evaluator.Tcp("0.0.0.0", 22).ShouldBe(Reachability.Yes);
        evaluator.Tcp("::", 5432).ShouldBe(Reachability.Yes); // An ip table never sees IPv6.
    }

    [Fact]
    public void Evaluate_VerdictMapJumpGotoReturn_FollowsEachVerdict()
    {
        var evaluator = Evaluator("vmap-jump");

        evaluator.Tcp("0.0.0.0", 22).ShouldBe(Reachability.Yes);   // vmap: accept
        evaluator.Tcp("0.0.0.0", 80).ShouldBe(Reachability.Some);  // vmap: jump web, saddr @allowed accept, else return, policy drop
        evaluator.Tcp("0.0.0.0", 443).ShouldBe(Reachability.Yes);  // fib daddr type local; log and limit are no verdicts
        evaluator.Udp("0.0.0.0", 5355).ShouldBe(Reachability.Yes); // anonymous set with a range
        evaluator.Udp("0.0.0.0", 5361).ShouldBe(Reachability.No);
        evaluator.Tcp("::", 8080).ShouldBe(Reachability.No);       // goto web: an ip saddr match never holds for IPv6, return ends in the policy
        evaluator.Tcp("0.0.0.0", 8081).ShouldBe(Reachability.No);  // DNAT sends 8081 to port 80
    }

    [Fact]
    public void Evaluate_RedirectAndDnatToLocal_ChangeTheDestination()
    {
        var evaluator = Evaluator("redirect");

        evaluator.Tcp("0.0.0.0", 8080).ShouldBe(Reachability.Yes);
        evaluator.Tcp("0.0.0.0", 80).ShouldBe(Reachability.No);      // redirected away, and the filter drops 80 anyway
        evaluator.Udp("198.18.0.1", 53).ShouldBe(Reachability.Yes);
        evaluator.Udp("0.0.0.0", 5353).ShouldBe(Reachability.No);    // 5353 on veth-out is DNATed to 53
    }

    [Fact]
    public void Evaluate_ListenerReachedOnlyThroughARedirect_IsReachedFromThePortsThatLeadToIt()
    {
        Evaluator("dnat-only").Tcp("0.0.0.0", 8080).ShouldBe(Reachability.Yes);
        Evaluator("dnat-only", Outside, Second).Tcp("0.0.0.0", 8080).ShouldBe(Reachability.Some); // the redirect is on veth-out only
        Evaluator("dnat-only").Tcp("0.0.0.0", 80).ShouldBe(Reachability.No);
    }

    [Fact]
    public void Evaluate_SeveralTablesAtOneHook_EveryPriorityHasItsSay()
    {
        var ruleset = Load("priorities");
        foreach (var chain in ruleset.BaseChains.Where(c => c.Hook == "ingress").ToList())
        {
            chain.Rules.Clear(); // The ingress chain has its own test below.
        }

        var evaluator = new FirewallEvaluator(ruleset, [Loopback, Outside]);
        evaluator.Tcp("0.0.0.0", 7000).ShouldBe(Reachability.No);  // accept at -10, drop at 10
        evaluator.Udp("0.0.0.0", 7001).ShouldBe(Reachability.No);  // fib daddr type local
        evaluator.Tcp("0.0.0.0", 7003).ShouldBe(Reachability.Yes);
    }

    [Fact]
    public void Evaluate_IngressChainWithoutItsDevice_IsUnknown()
    {
        // nft 1.0.6's JSON leaves out the device of a netdev ingress chain ("device veth-out" in the text output).
        var evaluation = Evaluator("priorities").Evaluate(TransportProtocol.Udp, IpFamily.IPv4, IPAddress.Any, 7002);

        evaluation.Reachable.ShouldBe(Reachability.Unknown);
        evaluation.Detail.ShouldNotBeNull().ShouldContain("netdev edge ingress");
    }

    [Fact]
    public void Evaluate_ExpressionNotUnderstood_IsUnknownWithItsReasonAndOnlyWhereAPathMeetsIt()
    {
        var evaluator = Evaluator("unsupported");

        evaluator.Tcp("0.0.0.0", 22).ShouldBe(Reachability.Yes);
        var mark = evaluator.Evaluate(TransportProtocol.Tcp, IpFamily.IPv4, IPAddress.Any, 80);
        mark.Reachable.ShouldBe(Reachability.Unknown);
        mark.Reason.ShouldBe(Unevaluated.Expression);
        mark.Detail.ShouldNotBeNull().ShouldContain("mark");
    }

    [Theory]
    [InlineData("ufw-style", 22)]
    [InlineData("ufw-style", 3306)]
    [InlineData("docker-published", 8080)]
    public void Evaluate_IptablesNftXtMatch_IsUnknown(string ruleset, int port)
    {
        // iptables-nft 1.8.9 writes -m conntrack and -m addrtype as xt matches, whose arguments nft's JSON does not show.
        var evaluation = Evaluator(ruleset).Evaluate(TransportProtocol.Tcp, IpFamily.IPv4, IPAddress.Any, port);

        evaluation.Reachable.ShouldBe(Reachability.Unknown);
        evaluation.Reason.ShouldBe(Unevaluated.Expression);
        evaluation.Detail.ShouldNotBeNull().ShouldContain("\"xt\"");
    }
}

using System.ComponentModel;
using System.Net;
using PortWatch.Nftables;
using PortWatch.Sockets;

namespace PortWatch.Firewall;

/// <summary>
/// The firewall of the exporter's own network namespace, as scans need it: <see cref="Refresh"/> asks the kernel for
/// the ruleset's generation id (one netlink request) and the interfaces, and lists and parses the ruleset only when
/// either changed; <see cref="Evaluate"/> answers a listener from a cache that lives as long as that ruleset. Without
/// libnftables, without CAP_NET_ADMIN, or with legacy iptables tables loaded, every listener is
/// <see cref="Reachability.Unknown"/> and <see cref="Note"/> says why. Never throws. Not thread-safe: one scan at a time.
/// </summary>
internal sealed class FirewallReader : IDisposable
{
    private const int Eperm = 1;
    private const int MaxCached = 100_000;

    private readonly NftablesSession? session;
    private readonly RulesetGeneration? generation;
    private readonly Dictionary<(TransportProtocol, IpFamily, IPAddress, int), Evaluation> cache = [];
    private readonly long[] unevaluated = new long[Enum.GetValues<Unevaluated>().Length];
    private FirewallEvaluator? evaluator;
    private Unevaluated? unavailable;
    private uint? lastGeneration;
    private IReadOnlyList<LocalInterface> lastInterfaces = [];
    private long rulesetReads;
    private int rules;
    private int unreadable;

    private FirewallReader(NftablesSession? session, RulesetGeneration? generation, Unevaluated? unavailable, string? note)
    {
        (this.session, this.generation, this.unavailable, Note) = (session, generation, unavailable, note);
        unreadable = unavailable is { } reason ? (int)reason : -1;
    }

    /// <summary>Why every listener is unknown, for the log; null while the ruleset is read.</summary>
    public string? Note { get; private set; }

    /// <summary>How many times the ruleset was listed and parsed (it is not while its generation and the interfaces stay).</summary>
    public long RulesetReads => Interlocked.Read(ref rulesetReads);

    /// <summary>The generation id of the ruleset evaluated; null before one was read.</summary>
    public uint? Generation => lastGeneration;

    /// <summary>
    /// Why no ruleset is read now (<see cref="Unevaluated.NoLibrary"/>, <see cref="Unevaluated.NoPermission"/>,
    /// <see cref="Unevaluated.ReadFailed"/> or <see cref="Unevaluated.LegacyIptables"/>), every listener unknown for it;
    /// null while one is. Safe from any thread.
    /// </summary>
    public Unevaluated? Unreadable => Volatile.Read(ref unreadable) is var reason and >= 0 ? (Unevaluated)reason : null;

    /// <summary>The rules of the ruleset evaluated (0 without one).</summary>
    public int Rules => Volatile.Read(ref rules);

    /// <summary>Listener evaluations that ended unknown for <paramref name="reason"/> since the start (each listener once a ruleset). Safe from any thread.</summary>
    public long UnevaluatedCount(Unevaluated reason) => Interlocked.Read(ref unevaluated[(int)reason]);

    public static FirewallReader Open()
    {
        if (NftablesSession.TryOpen(out var reason) is not { } session)
        {
            return new FirewallReader(null, null, Unevaluated.NoLibrary, $"firewall: {reason}: reachable is unknown");
        }

        try
        {
            var reader = new FirewallReader(session, new RulesetGeneration(), null, null);
            reader.Refresh(); // So that a missing right is known, and logged, before the first scan.
            return reader;
        }
        catch (Win32Exception e)
        {
            session.Dispose();
            return new FirewallReader(null, null, Unevaluated.ReadFailed, $"firewall: no NETLINK_NETFILTER socket ({e.Message}): reachable is unknown");
        }
    }

    /// <summary>Reads the generation id and the interfaces; lists and parses the ruleset when either changed.</summary>
    public void Refresh()
    {
        if (session is null || generation is null)
        {
            return;
        }

        uint id;
        IReadOnlyList<LocalInterface> interfaces;
        try
        {
            id = generation.Read();
            interfaces = InterfaceReader.Read();
        }
        catch (Win32Exception e) when (e.NativeErrorCode == Eperm)
        {
            Fail(Unevaluated.NoPermission, "firewall: reading the nftables ruleset needs CAP_NET_ADMIN, which the exporter lacks: reachable is unknown");
            return;
        }
        catch (Exception e) when (e is Win32Exception or InvalidDataException or System.Net.NetworkInformation.NetworkInformationException)
        {
            Fail(Unevaluated.ReadFailed, $"firewall: {e.Message}: reachable is unknown");
            return;
        }

        if (LegacyIptables.Loaded() is { } legacy)
        {
            Fail(Unevaluated.LegacyIptables, $"firewall: legacy iptables tables are loaded ({legacy}), whose rules libnftables does not show: reachable is unknown");
            return;
        }

        if (id == lastGeneration && unavailable is null && SameInterfaces(interfaces, lastInterfaces))
        {
            return;
        }

        try
        {
            var ruleset = RulesetParser.Parse(session.ReadRuleset());
            Interlocked.Increment(ref rulesetReads);
            Volatile.Write(ref rules, ruleset.RuleCount);
            evaluator = new FirewallEvaluator(ruleset, interfaces);
            (lastGeneration, lastInterfaces, unavailable, Note) = (id, interfaces, null, null);
            Volatile.Write(ref unreadable, -1);
            cache.Clear();
        }
        catch (IOException e) when (e.Message.Contains("Operation not permitted", StringComparison.Ordinal))
        {
            Fail(Unevaluated.NoPermission, "firewall: reading the nftables ruleset needs CAP_NET_ADMIN, which the exporter lacks: reachable is unknown");
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            Fail(Unevaluated.ReadFailed, $"firewall: {e.Message}: reachable is unknown");
        }
    }

    /// <summary>A listener's reachability by the ruleset last read; listeners of other namespaces are unknown.</summary>
    public Evaluation Evaluate(ListenerKey key)
    {
        var cacheKey = (key.Protocol, key.Family, key.Address, key.Port);
        if (key.Netns != 0)
        {
            return Evaluation.Unknown(Unevaluated.Namespace);
        }

        if (cache.TryGetValue(cacheKey, out var known))
        {
            return known;
        }

        var evaluation = unavailable is { } reason || evaluator is null
            ? Evaluation.Unknown(unavailable ?? Unevaluated.ReadFailed)
            : evaluator.Evaluate(key.Protocol, key.Family, key.Address, key.Port);
        if (evaluation.Reason is { } why)
        {
            Interlocked.Increment(ref unevaluated[(int)why]);
        }

        if (cache.Count >= MaxCached)
        {
            cache.Clear(); // Listeners come and go (ephemeral ports): the cache stays bounded.
        }

        cache[cacheKey] = evaluation;
        return evaluation;
    }

    public void Dispose()
    {
        session?.Dispose();
        generation?.Dispose();
    }

    private void Fail(Unevaluated reason, string note)
    {
        if (unavailable != reason)
        {
            cache.Clear();
        }

        (unavailable, Note, evaluator, lastGeneration) = (reason, note, null, null);
        Volatile.Write(ref rules, 0);
        Volatile.Write(ref unreadable, (int)reason);
    }

    private static bool SameInterfaces(IReadOnlyList<LocalInterface> a, IReadOnlyList<LocalInterface> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Name == p.Second.Name && p.First.Loopback == p.Second.Loopback
            && p.First.Addresses.SequenceEqual(p.Second.Addresses));
}

using System.Globalization;
using System.Net;
using PortWatch.Processes;
using PortWatch.Sockets;

namespace PortWatch.Listeners;

/// <summary>
/// An entry of the config's <c>expected:</c> list: a listener the operator means to run. Every field given must
/// match; a field left out matches anything. <c>process</c>, <c>unit</c>, <c>container</c>, <c>pod</c> and
/// <c>k8s_namespace</c> match when any owning process has that value (a container by its short id or its full
/// id); <c>netns</c> is <c>host</c> or a namespace inode.
/// </summary>
internal sealed record ExpectedListener(
    TransportProtocol? Protocol,
    int? FirstPort,
    int? LastPort,
    string? Process,
    IPAddress? Address)
{
    public string? Unit { get; init; }

    public string? Container { get; init; }

    public string? Pod { get; init; }

    public string? K8sNamespace { get; init; }

    /// <summary>The target of <c>/proc/&lt;pid&gt;/exe</c> of any owning process, such as <c>/usr/sbin/sshd</c>.</summary>
    public string? Exe { get; init; }

    /// <summary><c>packet</c> or <c>raw</c>: the entry is about packet or raw sockets, not listeners; null for listeners.</summary>
    public string? Kind { get; init; }

    /// <summary>The namespace: 0 for <c>host</c>, else an inode.</summary>
    public ulong? Netns { get; init; }

    public bool Matches(ListenerKey key, IReadOnlyList<ProcessInfo> processes)
    {
        ArgumentNullException.ThrowIfNull(processes);
        return Kind is null
            && (Protocol is null || Protocol == key.Protocol)
            && (FirstPort is null || (key.Port >= FirstPort && key.Port <= LastPort))
            && (Address is null || Address.Equals(key.Address))
            && (Netns is null || Netns == key.Netns)
            && OwnersMatch(processes);
    }

    /// <summary>Whether the entry expects a packet or raw socket of <paramref name="kind"/> in <paramref name="netns"/> held by <paramref name="processes"/>.</summary>
    public bool MatchesPacketSocket(string kind, ulong netns, IReadOnlyList<ProcessInfo> processes)
    {
        ArgumentNullException.ThrowIfNull(processes);
        return Kind == kind && (Netns is null || Netns == netns) && OwnersMatch(processes);
    }

    private bool OwnersMatch(IReadOnlyList<ProcessInfo> processes) =>
        (Process is null || processes.Any(p => string.Equals(p.Name, Process, StringComparison.Ordinal)))
        && (Exe is null || processes.Any(p => string.Equals(p.Exe, Exe, StringComparison.Ordinal)))
        && (Unit is null || processes.Any(p => string.Equals(p.Owner.Unit, Unit, StringComparison.Ordinal)))
        && (Container is null || processes.Any(p => SameContainer(p.Owner.Container, Container)))
        && (Pod is null || processes.Any(p => string.Equals(p.Owner.Pod, Pod, StringComparison.Ordinal)))
        && (K8sNamespace is null || processes.Any(p => string.Equals(p.Owner.K8sNamespace, K8sNamespace, StringComparison.Ordinal)));

    // The label shows the short id (12 hex digits); an operator may paste the full one from docker inspect.
    private static bool SameContainer(string shortId, string given) =>
        string.Equals(shortId, given, StringComparison.Ordinal)
        || (given.Length > shortId.Length && shortId.Length == 12 && given.StartsWith(shortId, StringComparison.Ordinal));

    public override string ToString()
    {
        var parts = new List<string>();
        if (Kind is not null)
        {
            parts.Add($"kind: {Kind}");
        }

        if (Protocol is { } protocol)
        {
            parts.Add($"protocol: {protocol.ToLabel()}");
        }

        if (FirstPort is { } first)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"port: {(first == LastPort ? $"{first}" : $"{first}-{LastPort}")}"));
        }

        if (Address is not null)
        {
            parts.Add($"address: {Address}");
        }

        if (Process is not null)
        {
            parts.Add($"process: {Process}");
        }

        foreach (var (name, value) in new[] { ("unit", Unit), ("container", Container), ("pod", Pod), ("k8s_namespace", K8sNamespace), ("exe", Exe), ("netns", Netns is { } n ? ListenerKey.NetnsLabel(n) : null) })
        {
            if (value is not null)
            {
                parts.Add($"{name}: {value}");
            }
        }

        return $"{{{string.Join(", ", parts)}}}";
    }
}

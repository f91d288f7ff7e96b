using System.Globalization;
using System.Net;
using PortWatch.Processes;
using PortWatch.Sockets;

namespace PortWatch.Listeners;

/// <summary>
/// An entry of the config's <c>expected:</c> list: a listener the operator means to run. Every field given must
/// match; a field left out matches anything. <c>process</c> matches when any owning process has that name.
/// </summary>
internal sealed record ExpectedListener(
    TransportProtocol? Protocol,
    int? FirstPort,
    int? LastPort,
    string? Process,
    IPAddress? Address)
{
    public bool Matches(ListenerKey key, IReadOnlyList<ProcessInfo> processes)
    {
        ArgumentNullException.ThrowIfNull(processes);
        return (Protocol is null || Protocol == key.Protocol)
            && (FirstPort is null || (key.Port >= FirstPort && key.Port <= LastPort))
            && (Address is null || Address.Equals(key.Address))
            && (Process is null || processes.Any(p => string.Equals(p.Name, Process, StringComparison.Ordinal)));
    }

    public override string ToString()
    {
        var parts = new List<string>();
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

        return $"{{{string.Join(", ", parts)}}}";
    }
}

using System.Collections.Concurrent;

namespace PortWatch.Registry;

/// <summary>
/// Classifies (protocol, port) pairs against IANA's registry in constant time: one table of 65,536 slots a
/// protocol, built the first time the protocol is asked for, each slot naming the row that decides the port. A
/// range row covers each of its ports; a row without a protocol covers every protocol; where rows overlap,
/// assigned beats reserved beats private beats unassigned, and among rows of one status the first in the file
/// wins (so 80/tcp is <c>http</c>, not <c>www</c>).
/// </summary>
internal sealed class PortRegistry
{
    private const ushort NoRow = 0;
    private static readonly string[] BaseProtocols = ["tcp", "udp", "sctp", "dccp"];

    // The rows, column by column: an exporter keeps 14,000 of them for as long as it runs.
    private readonly string[] names;
    private readonly IanaStatus[] statuses;
    private readonly (ushort First, ushort Last, string? Protocol)[] spans;
    private readonly string[]? descriptions;
    private readonly string[]? unauthorizedUses;
    private readonly HashSet<string> protocols;
    private readonly ConcurrentDictionary<string, ushort[]> tables = new(StringComparer.Ordinal);

    public PortRegistry(IReadOnlyList<IanaRecord> records, RegistryInfo info)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count >= ushort.MaxValue)
        {
            throw new FormatException($"the registry has {records.Count} rows with ports; at most {ushort.MaxValue - 1} are supported");
        }

        Info = info;
        protocols = [.. BaseProtocols.Concat(records.Select(r => r.Protocol).OfType<string>())];
        names = [.. records.Select(r => r.ServiceName)];
        statuses = [.. records.Select(r => r.Status)];
        spans = [.. records.Select(r => ((ushort)r.FirstPort, (ushort)r.LastPort, r.Protocol is null ? null : protocols.First(p => p == r.Protocol)))];
        if (records.Any(r => r.Description.Length > 0 || r.UnauthorizedUse.Length > 0))
        {
            descriptions = [.. records.Select(r => r.Description)];
            unauthorizedUses = [.. records.Select(r => r.UnauthorizedUse)];
        }

        EntriesByProtocol = protocols
            .Order(StringComparer.Ordinal)
            .ToDictionary(p => p, p => records.Count(r => r.Covers(p)), StringComparer.Ordinal);
    }

    public RegistryInfo Info { get; }

    /// <summary>The number of rows that apply to each protocol (a range counts once).</summary>
    public IReadOnlyDictionary<string, int> EntriesByProtocol { get; }

    public bool KnowsProtocol(string protocol) => protocols.Contains(protocol);

    public PortClassification Classify(string protocol, int port)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        var range = RegistryLabels.RangeOf(port);
        var slot = protocols.Contains(protocol) ? tables.GetOrAdd(protocol, BuildTable)[port] : NoRow;
        var row = slot - 1;
        var status = range == PortRange.Dynamic || slot == NoRow ? IanaStatus.Unassigned : statuses[row];
        return new PortClassification(
            protocol,
            port,
            range,
            status,
            status == IanaStatus.Assigned ? names[row] : RegistryLabels.NoService,
            slot == NoRow ? "" : descriptions?[row] ?? "",
            slot == NoRow ? "" : unauthorizedUses?[row] ?? "");
    }

    // Slot values are row index + 1, so that 0 means no row.
    private ushort[] BuildTable(string protocol)
    {
        var table = new ushort[65536];
        for (var i = 0; i < spans.Length; i++)
        {
            var (first, last, covers) = spans[i];
            if (covers is not null && covers != protocol)
            {
                continue;
            }

            for (var port = first; port <= last; port++)
            {
                var current = table[port];
                if (current == NoRow || statuses[i] < statuses[current - 1])
                {
                    table[port] = (ushort)(i + 1);
                }

                if (port == ushort.MaxValue)
                {
                    break;
                }
            }
        }

        return table;
    }
}

namespace PortWatch.Registry;

/// <summary>
/// Classifies (protocol, port) pairs against IANA's registry in constant time: one table of 65,536 slots a
/// protocol, each pointing at the row that decides the port. A range row covers each of its ports; a row
/// without a protocol covers every protocol; where rows overlap, assigned beats reserved beats private beats
/// unassigned, and among rows of one status the first in the file wins (so 80/tcp is <c>http</c>, not <c>www</c>).
/// </summary>
internal sealed class PortRegistry
{
    private const int NoRow = -1;
    private static readonly string[] BaseProtocols = ["tcp", "udp", "sctp", "dccp"];

    private readonly IReadOnlyList<IanaRecord> records;
    private readonly Dictionary<string, int[]> tables = new(StringComparer.Ordinal);

    public PortRegistry(IReadOnlyList<IanaRecord> records, RegistryInfo info)
    {
        ArgumentNullException.ThrowIfNull(records);
        this.records = records;
        Info = info;
        var protocols = BaseProtocols.Concat(records.Select(r => r.Protocol).OfType<string>()).Distinct(StringComparer.Ordinal);
        foreach (var protocol in protocols)
        {
            tables[protocol] = BuildTable(protocol);
        }

        EntriesByProtocol = tables.Keys
            .Order(StringComparer.Ordinal)
            .ToDictionary(p => p, p => records.Count(r => r.Covers(p)), StringComparer.Ordinal);
    }

    public RegistryInfo Info { get; }

    /// <summary>The number of rows that apply to each protocol (a range counts once).</summary>
    public IReadOnlyDictionary<string, int> EntriesByProtocol { get; }

    public bool KnowsProtocol(string protocol) => tables.ContainsKey(protocol);

    public PortClassification Classify(string protocol, int port)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        var range = RegistryLabels.RangeOf(port);
        var row = tables.TryGetValue(protocol, out var table) ? table[port] : NoRow;
        var record = row == NoRow ? null : records[row];
        var status = range == PortRange.Dynamic ? IanaStatus.Unassigned : record?.Status ?? IanaStatus.Unassigned;
        return new PortClassification(
            protocol,
            port,
            range,
            status,
            status == IanaStatus.Assigned ? record!.ServiceName : RegistryLabels.NoService,
            record?.Description ?? "",
            record?.UnauthorizedUse ?? "");
    }

    private int[] BuildTable(string protocol)
    {
        var table = new int[65536];
        Array.Fill(table, NoRow);
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            if (!record.Covers(protocol))
            {
                continue;
            }

            for (var port = record.FirstPort; port <= record.LastPort; port++)
            {
                var current = table[port];
                if (current == NoRow || record.Status < records[current].Status)
                {
                    table[port] = i;
                }
            }
        }

        return table;
    }
}

using System.Globalization;

namespace PortWatch.Registry;

/// <summary>
/// Turns IANA's CSV (service-names-port-numbers.csv) into records. Columns are found by their header names,
/// so a file with added columns still reads. Rows without a port (service names only) are left out; a row
/// whose port or protocol cannot be read is an error naming its line and field. The newest Registration or
/// Modification Date tells how current the file is.
/// </summary>
internal static class IanaCsvParser
{
    private static readonly string[] Required = ["Service Name", "Port Number", "Transport Protocol", "Description"];
    private static readonly string[] DateColumns = ["Registration Date", "Modification Date"];
    private static readonly string[] Withdrawn = ["De-registered", "Deregistered", "Removed", "Unassigned"];

    /// <param name="reader">The CSV text.</param>
    /// <param name="details">Whether to keep each row's description and unauthorized-use text (for <c>list</c> and
    /// <c>lookup</c>); without them, a registry that only classifies holds a fraction of the memory.</param>
    public static IanaCsvDocument Parse(TextReader reader, bool details = true)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        using var rows = CsvReader.Read(reader).GetEnumerator();
        if (!rows.MoveNext())
        {
            throw new FormatException("line 1: the file is empty; expected IANA's header line");
        }

        var columns = IndexColumns(rows.Current);
        var records = new List<IanaRecord>();
        DateOnly? latest = null;
        while (rows.MoveNext())
        {
            var row = rows.Current;
            if (row.Fields is [""])
            {
                continue; // A blank line.
            }

            foreach (var column in DateColumns)
            {
                if (columns.TryGetValue(column, out var i) && i < row.Fields.Count && TryParseDate(row.Fields[i], out var date)
                    && (latest is null || date > latest))
                {
                    latest = date;
                }
            }

            if (ParseRow(row, columns) is { } record)
            {
                // One string a service name (most are on a tcp and a udp row), and no text nobody will read.
                var name = names.TryGetValue(record.ServiceName, out var known) ? known : names[record.ServiceName] = record.ServiceName;
                records.Add(details ? record with { ServiceName = name } : record with { ServiceName = name, Description = "", UnauthorizedUse = "" });
            }
        }

        return new IanaCsvDocument(records, latest);
    }

    private static Dictionary<string, int> IndexColumns(CsvRow header)
    {
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Fields.Count; i++)
        {
            columns.TryAdd(header.Fields[i].Trim(), i);
        }

        var missing = Required.Where(name => !columns.ContainsKey(name)).ToList();
        if (missing.Count > 0)
        {
            throw new FormatException(
                $"line {header.Line}: not IANA's header: missing column(s) {string.Join(", ", missing.Select(m => $"\"{m}\""))}");
        }

        return columns;
    }

    private static IanaRecord? ParseRow(CsvRow row, Dictionary<string, int> columns)
    {
        string Field(string name) =>
            columns.TryGetValue(name, out var i) && i < row.Fields.Count ? row.Fields[i].Trim() : "";
        string Where(string name) => $"line {row.Line}, field {columns[name] + 1} ({name})";

        var portText = Field("Port Number");
        if (portText.Length == 0)
        {
            return null;
        }

        if (!PortNumbers.TryParseRange(portText, out var first, out var last))
        {
            throw new FormatException($"{Where("Port Number")}: \"{Shown(portText)}\" is not a port or a range of ports (0-65535)");
        }

        var protocol = Field("Transport Protocol").ToLowerInvariant();
        if (protocol.Length > 0 && !protocol.All(char.IsAsciiLetterLower))
        {
            throw new FormatException($"{Where("Transport Protocol")}: \"{Shown(protocol)}\" is not a protocol name");
        }

        var serviceName = Field("Service Name");
        var description = Field("Description");
        return new IanaRecord(
            row.Line,
            serviceName,
            first,
            last,
            protocol.Length == 0 ? null : protocol,
            description,
            Field("Known Unauthorized Uses"),
            StatusOf(serviceName, description));
    }

    /// <summary>
    /// A withdrawn row (De-registered, Removed, Unassigned) is unassigned even where it keeps its old
    /// name (14001/udp "sua, De-Registered"); otherwise a name means assigned, and without one the description
    /// says reserved or private.
    /// </summary>
    internal static IanaStatus StatusOf(string serviceName, string description)
    {
        if (Withdrawn.Any(w => description.StartsWith(w, StringComparison.OrdinalIgnoreCase)))
        {
            return IanaStatus.Unassigned;
        }

        if (serviceName.Length > 0)
        {
            return IanaStatus.Assigned;
        }

        if (description.StartsWith("Reserved", StringComparison.OrdinalIgnoreCase)
            || description.StartsWith("IANA Reserved", StringComparison.OrdinalIgnoreCase))
        {
            return IanaStatus.Reserved;
        }

        return description.StartsWith("any private", StringComparison.OrdinalIgnoreCase)
            ? IanaStatus.Private
            : IanaStatus.Unassigned;
    }

    /// <summary>A bad value as an error shows it: whole when short, else its start and its length (a field may be megabytes).</summary>
    private static string Shown(string value) =>
        value.Length <= 40 ? value : string.Create(CultureInfo.InvariantCulture, $"{value[..40]}… ({value.Length:N0} characters)");

    // IANA writes dates as YYYY-MM-DD, and a few old ones as YYYY-MM.
    private static bool TryParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text.Trim(), ["yyyy-MM-dd", "yyyy-MM"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}

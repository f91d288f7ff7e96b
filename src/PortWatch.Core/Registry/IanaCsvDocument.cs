namespace PortWatch.Registry;

/// <summary>The records of an IANA CSV file and the newest date found in it (null when it has none).</summary>
internal sealed record IanaCsvDocument(IReadOnlyList<IanaRecord> Records, DateOnly? LatestDate);

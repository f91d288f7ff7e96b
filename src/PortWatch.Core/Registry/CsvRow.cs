namespace PortWatch.Registry;

/// <summary>One record of a CSV file and the line it starts on (1-based).</summary>
internal sealed record CsvRow(int Line, IReadOnlyList<string> Fields);

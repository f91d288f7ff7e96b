using System.Text.RegularExpressions;
using PortWatch.Tests.TestSupport;
using PortWatch.TestSupport;

namespace PortWatch.Tests.Architecture;

/// <summary>The dependency table of docs/architecture.md: a row a folder, its assembly, the folders it may use, whether it touches the kernel.</summary>
internal sealed partial record LayerTable(IReadOnlyList<LayerTable.Row> Rows)
{
    public static LayerTable Load()
    {
        var rows = new List<Row>();
        foreach (var line in File.ReadLines(Repository.PathOf("docs", "architecture.md")))
        {
            var match = TableRow().Match(line);
            if (match.Success)
            {
                rows.Add(new Row(
                    match.Groups["folder"].Value,
                    match.Groups["assembly"].Value.Trim(),
                    [.. Folder().Matches(match.Groups["uses"].Value).Select(m => m.Groups[1].Value)],
                    match.Groups["kernel"].Value.Trim() == "yes"));
            }
        }

        return rows.Count > 0 ? new LayerTable(rows) : throw new InvalidOperationException("docs/architecture.md has no dependency table");
    }

    public Row? Find(string folder) => Rows.FirstOrDefault(r => r.Folder == folder);

    [GeneratedRegex(@"^\| `(?<folder>\w+)` \| (?<assembly>[\w.]+) \|(?<uses>[^|]*)\|(?<kernel>[^|]*)\|$")]
    private static partial Regex TableRow();

    [GeneratedRegex(@"`(\w+)`")]
    private static partial Regex Folder();

    /// <summary>One folder: the namespace <c>PortWatch.{Folder}</c>.</summary>
    internal sealed record Row(string Folder, string Assembly, IReadOnlyList<string> MayUse, bool Kernel)
    {
        public string Namespace => $"PortWatch.{Folder}";
    }
}

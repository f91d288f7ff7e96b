using System.Text;

namespace PortWatch.Cli;

/// <summary>Aligned columns for terminal output; every value is made safe for a terminal first.</summary>
internal static class TextTable
{
    public static string Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var all = rows.Prepend(headers).Select(row => (IReadOnlyList<string>)[.. row.Select(TerminalText.Escape)]).ToList();
        var widths = headers.Select((_, column) => all.Max(r => r[column].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in all)
        {
            for (var column = 0; column < row.Count; column++)
            {
                var last = column == row.Count - 1;
                text.Append(last ? row[column] : row[column].PadRight(widths[column] + 2));
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}

using System.Globalization;
using System.Text;
using PortWatch.Registry;

namespace PortWatch.Cli;

/// <summary>The registry's "Known Unauthorized Uses" text, printed under a table (it is never a metric label).</summary>
internal static class Notes
{
    public static string UnauthorizedUse(IEnumerable<PortClassification> classifications)
    {
        var text = new StringBuilder();
        foreach (var c in classifications.Where(c => c.UnauthorizedUse.Length > 0).DistinctBy(c => (c.Protocol, c.Port)))
        {
            text.Append(CultureInfo.InvariantCulture, $"note: {c.Port}/{c.Protocol}: IANA lists unauthorized use: {TerminalText.Escape(c.UnauthorizedUse)}\n");
        }

        return text.ToString();
    }
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace PortWatch.IntegrationTests.Infrastructure;

/// <summary>Reads series out of a scraped exposition (just enough for assertions; promtool checks the format).</summary>
internal static partial class Scrape
{
    public static IReadOnlyList<(Dictionary<string, string> Labels, double Value)> Series(string body, string metric)
    {
        var series = new List<(Dictionary<string, string>, double)>();
        foreach (var line in body.Split('\n'))
        {
            if (!line.StartsWith(metric, StringComparison.Ordinal) || (line.Length > metric.Length && line[metric.Length] is not ('{' or ' ')))
            {
                continue;
            }

            var labels = new Dictionary<string, string>();
            var close = line.LastIndexOf('}');
            if (line[metric.Length] == '{')
            {
                foreach (Match match in Label().Matches(line[(metric.Length + 1)..close]))
                {
                    labels[match.Groups["name"].Value] = Unescape(match.Groups["value"].Value);
                }
            }

            var value = line[((close < 0 ? metric.Length : close + 1))..].Trim();
            series.Add((labels, double.Parse(value, CultureInfo.InvariantCulture)));
        }

        return series;
    }

    /// <summary>The listeners open at the last scan: closed ones, kept for the retention period, have a last-seen series.</summary>
    public static HashSet<ListenerIdentity> Listeners(string body) =>
        [.. Identities(body, "portwatch_listener_info").Except(ClosedListeners(body))];

    /// <summary>The closed listeners still retained.</summary>
    public static HashSet<ListenerIdentity> ClosedListeners(string body) =>
        [.. Identities(body, "portwatch_listener_last_seen_timestamp_seconds")];

    private static IEnumerable<ListenerIdentity> Identities(string body, string metric) =>
        Series(body, metric).Select(s => new ListenerIdentity(
            s.Labels["protocol"], s.Labels["family"], s.Labels["address"], int.Parse(s.Labels["port"], CultureInfo.InvariantCulture)));

    public static Dictionary<string, string>? Info(string body, ListenerIdentity listener) =>
        Series(body, "portwatch_listener_info").Select(s => s.Labels).FirstOrDefault(l =>
            l["protocol"] == listener.Protocol && l["family"] == listener.Family && l["address"] == listener.Address
            && l["port"] == listener.Port.ToString(CultureInfo.InvariantCulture));

    private static string Unescape(string value) =>
        value.Replace(@"\\", "\u0000", StringComparison.Ordinal).Replace("\\\"", "\"", StringComparison.Ordinal)
            .Replace(@"\n", "\n", StringComparison.Ordinal).Replace("\u0000", "\\", StringComparison.Ordinal);

    [GeneratedRegex("""(?<name>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(?:[^"\\]|\\.)*)",?""")]
    private static partial Regex Label();
}

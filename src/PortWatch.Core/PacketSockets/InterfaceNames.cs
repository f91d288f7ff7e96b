using System.Globalization;

namespace PortWatch.PacketSockets;

/// <summary>
/// The names of a network namespace's interfaces by index, from text that procfs shows for any namespace without a
/// capability: <c>net/igmp</c> (<c>Idx Device : ...</c> lines), <c>net/if_inet6</c> (index in the second field, name
/// in the sixth) and <c>net/dev_mcast</c> (index, then name). An interface in none of them (down, with no address
/// and no multicast) has no name here: its label is <c>if&lt;index&gt;</c>. A pure function of the texts.
/// </summary>
internal static class InterfaceNames
{
    public static Dictionary<int, string> Parse(string? igmp, string? ifInet6, string? devMcast)
    {
        var names = new Dictionary<int, string>();
        foreach (var line in Lines(igmp))
        {
            // "1\tlo        :     1      V3"; group lines below start with a tab.
            var colon = line.IndexOf(':');
            var parts = (colon < 0 ? line : line[..colon]).Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                names.TryAdd(index, parts[1]);
            }
        }

        foreach (var line in Lines(ifInet6))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 6 && int.TryParse(parts[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var index))
            {
                names.TryAdd(index, parts[5]);
            }
        }

        foreach (var line in Lines(devMcast))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                names.TryAdd(index, parts[1]);
            }
        }

        return names;
    }

    /// <summary>The <c>interface</c> label: <c>any</c> for 0, the name, <c>if&lt;index&gt;</c> without one, <c>unknown</c> when the source cannot tell.</summary>
    public static string Label(int? index, IReadOnlyDictionary<int, string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return index switch
        {
            null => "unknown",
            0 => "any",
            { } i when names.TryGetValue(i, out var name) => name,
            { } i => string.Create(CultureInfo.InvariantCulture, $"if{i}"),
        };
    }

    private static IEnumerable<string> Lines(string? text) =>
        text is null ? [] : text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('\t') && !l.StartsWith("Idx", StringComparison.Ordinal));
}

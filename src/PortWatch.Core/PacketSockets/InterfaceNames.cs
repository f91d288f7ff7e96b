using System.Globalization;

namespace PortWatch.PacketSockets;

/// <summary>
/// The names of a network namespace's interfaces by index, from text that procfs shows for any namespace without a
/// capability: <c>net/igmp</c> (<c>Idx Device : ...</c> lines), <c>net/dev_snmp6/</c> (<see cref="AddSnmp6"/>), <c>net/if_inet6</c> (index in the second field, name
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

    /// <summary>Adds the names of <c>net/dev_snmp6/&lt;name&gt;</c> files (their first line is <c>ifIndex N</c>): every interface with IPv6, up or down.</summary>
    public static void AddSnmp6(Dictionary<int, string> names, IEnumerable<(string Name, string Text)> files)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(files);
        foreach (var (name, text) in files)
        {
            var first = text.AsSpan()[..Math.Max(0, text.IndexOf('\n') is var n and >= 0 ? n : text.Length)];
            if (first.StartsWith("ifIndex", StringComparison.Ordinal)
                && int.TryParse(first["ifIndex".Length..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                names.TryAdd(index, name);
            }
        }
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

using System.Globalization;

namespace PortWatch.Registry;

/// <summary>Reads a port (<c>80</c>) or an inclusive range of ports (<c>6000-6063</c>), as IANA and the config file write them.</summary>
internal static class PortNumbers
{
    public static bool TryParseRange(string text, out int first, out int last)
    {
        ArgumentNullException.ThrowIfNull(text);
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        last = 0;
        return int.TryParse(dash < 0 ? text : text[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out first)
            && int.TryParse(dash < 0 ? text : text[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out last)
            && first <= last && last <= 65535;
    }
}

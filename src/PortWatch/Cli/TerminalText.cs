using System.Globalization;
using System.Text;

namespace PortWatch.Cli;

/// <summary>
/// Makes text safe for a terminal: control and format characters (line breaks in IANA's descriptions, escape
/// sequences in a hostile registry file) become <c>\xNN</c> or <c>\u{NNNN}</c>, so one row stays one line.
/// </summary>
internal static class TerminalText
{
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(IsUnsafe))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            _ = !IsUnsafe(c) ? escaped.Append(c)
                : c < 0x80 ? escaped.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}")
                : escaped.Append(CultureInfo.InvariantCulture, $"\\u{{{(int)c:x4}}}");
        }

        return escaped.ToString();
    }

    private static bool IsUnsafe(char c) => char.GetUnicodeCategory(c) is
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}

using System.Globalization;
using System.Text;

namespace PortWatch.Owners;

/// <summary>
/// Makes text that a local user can choose safe as a label value: a process's name, a cgroup's name (a user with a
/// delegated cgroup subtree can create one named anything, <c>x,sshd.service</c> or with a newline), a pod's name read
/// from a runtime's state. Control and format characters and bytes that are not UTF-8 become <c>\xNN</c>, so that no
/// value can break a table, a terminal or a log line; a backslash becomes <c>\x5c</c>, so that no value can pass for
/// an escaped one, and a comma <c>\x2c</c>, so that no value can pass for two in a comma-joined label.
/// </summary>
internal static class OwnerText
{
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var c in text)
        {
            if (c is < ' ' or > '~' or '\\' or ',')
            {
                return Escape(Encoding.UTF8.GetBytes(text));
            }
        }

        return text; // Printable ASCII, as every real unit and pod name is: nothing to do, nothing allocated.
    }

    public static string Escape(ReadOnlySpan<byte> utf8)
    {
        var builder = new StringBuilder(utf8.Length);
        while (!utf8.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(utf8, out var rune, out var consumed);
            if (status == System.Buffers.OperationStatus.Done && IsPrintable(rune) && rune.Value is not ('\\' or ','))
            {
                builder.Append(rune.ToString());
            }
            else
            {
                for (var i = 0; i < Math.Max(consumed, 1); i++)
                {
                    builder.Append(CultureInfo.InvariantCulture, $"\\x{utf8[i]:x2}");
                }
            }

            utf8 = utf8[Math.Max(consumed, 1)..];
        }

        return builder.ToString();
    }

    // Control characters, and format characters such as U+202E (right-to-left override) that can make one
    // value look like another, are escaped.
    private static bool IsPrintable(Rune rune) => Rune.GetUnicodeCategory(rune) is not (
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
        or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate);
}

using System.Globalization;
using System.Text;

namespace PortWatch.Configuration;

/// <summary>Prometheus's duration syntax: units from largest to smallest, such as <c>15s</c>, <c>1m30s</c>, <c>500ms</c>.</summary>
internal static class PrometheusDuration
{
    private static readonly (string Unit, TimeSpan Length)[] Units =
    [
        ("y", TimeSpan.FromDays(365)),
        ("w", TimeSpan.FromDays(7)),
        ("d", TimeSpan.FromDays(1)),
        ("h", TimeSpan.FromHours(1)),
        ("m", TimeSpan.FromMinutes(1)),
        ("s", TimeSpan.FromSeconds(1)),
        ("ms", TimeSpan.FromMilliseconds(1)),
    ];

    public static bool TryParse(string text, out TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(text);
        duration = TimeSpan.Zero;
        if (text == "0")
        {
            return true;
        }

        var span = text.AsSpan();
        var lastUnit = -1;
        while (!span.IsEmpty)
        {
            var digits = 0;
            while (digits < span.Length && char.IsAsciiDigit(span[digits]))
            {
                digits++;
            }

            if (digits == 0 || !long.TryParse(span[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                return false;
            }

            span = span[digits..];
            var unit = UnitAt(span);
            if (unit <= lastUnit)
            {
                return false; // No unit, or units out of order ("1s1m").
            }

            lastUnit = unit;
            try
            {
                duration += TimeSpan.FromTicks(checked(Units[unit].Length.Ticks * count));
            }
            catch (OverflowException)
            {
                return false;
            }

            span = span[Units[unit].Unit.Length..];
        }

        return lastUnit >= 0;
    }

    /// <summary>The shortest text that <see cref="TryParse"/> reads back as <paramref name="duration"/>: 15s, 1m30s, 7d, 0s.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        var builder = new StringBuilder();
        var rest = duration;
        foreach (var (unit, length) in Units)
        {
            var count = rest.Ticks / length.Ticks;
            if (count > 0)
            {
                builder.Append(CultureInfo.InvariantCulture, $"{count}{unit}");
                rest -= TimeSpan.FromTicks(length.Ticks * count);
            }
        }

        return builder.ToString();
    }

    // "ms" is tried before "m" so that 500ms is not read as 500 minutes and a stray "s".
    private static int UnitAt(ReadOnlySpan<char> span)
    {
        if (span.StartsWith("ms", StringComparison.Ordinal))
        {
            return Units.Length - 1;
        }

        for (var i = 0; i < Units.Length - 1; i++)
        {
            if (span.StartsWith(Units[i].Unit, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}

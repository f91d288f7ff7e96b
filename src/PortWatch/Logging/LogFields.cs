using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;

namespace PortWatch.Logging;

/// <summary>The fields of a log entry that both formats write: time, level, source, message, structured values, error.</summary>
internal static class LogFields
{
    public static List<KeyValuePair<string, string>> Of<TState>(in LogEntry<TState> entry, DateTimeOffset now)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("ts", Timestamp(now)),
            new("level", LogFormats.LevelName(entry.LogLevel)),
            new("source", entry.Category[(entry.Category.LastIndexOf('.') + 1)..]),
            new("msg", entry.Formatter(entry.State, entry.Exception)),
        };
        if (entry.State is IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            foreach (var (key, value) in values)
            {
                if (key != "{OriginalFormat}")
                {
                    fields.Add(new(SnakeCase(key), Format(value)));
                }
            }
        }

        if (entry.Exception is { } exception)
        {
            fields.Add(new("err", exception.ToString()));
        }

        return fields;
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        DateTimeOffset time => Timestamp(time),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}

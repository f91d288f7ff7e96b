using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace PortWatch.Logging;

/// <summary>Writes log entries as logfmt lines, as Prometheus and its exporters do: <c>ts=... level=info source=... msg="..."</c>.</summary>
internal sealed class LogfmtFormatter(TimeProvider time) : ConsoleFormatter(LogFormats.FormatterName(LogFormats.Logfmt))
{
    public LogfmtFormatter()
        : this(TimeProvider.System)
    {
    }

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var first = true;
        foreach (var (key, value) in LogFields.Of(logEntry, time.GetUtcNow()))
        {
            textWriter.Write(first ? "" : " ");
            textWriter.Write(key);
            textWriter.Write('=');
            textWriter.Write(Quote(value));
            first = false;
        }

        textWriter.Write('\n');
    }

    /// <summary>Quotes a value when it holds anything but plain characters, escaping quotes, backslashes and every control character.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 0 && value.All(c => c > ' ' && c != '"' && c != '=' && c != '\\' && !char.IsControl(c)))
        {
            return value;
        }

        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => quoted.Append(@"\\"),
                '"' => quoted.Append("\\\""),
                '\n' => quoted.Append(@"\n"),
                '\r' => quoted.Append(@"\r"),
                '\t' => quoted.Append(@"\t"),
                _ when char.IsControl(c) => quoted.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }
}

using System.Text.Encodings.Web;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace PortWatch.Logging;

/// <summary>Writes log entries as one JSON object a line, with the same fields as logfmt.</summary>
internal sealed class JsonLogFormatter(TimeProvider time) : ConsoleFormatter(LogFormats.FormatterName(LogFormats.Json))
{
    public JsonLogFormatter()
        : this(TimeProvider.System)
    {
    }

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in LogFields.Of(logEntry, time.GetUtcNow()))
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        textWriter.Write(Encoding.UTF8.GetString(buffer.ToArray()));
        textWriter.Write('\n');
    }
}

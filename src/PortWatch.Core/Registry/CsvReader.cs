using System.Text;

namespace PortWatch.Registry;

/// <summary>
/// An RFC 4180 reader: fields separated by commas, quoted fields that may hold commas, doubled quotes and
/// line breaks, records ended by CRLF or LF. A pure function over text, so that IANA's file needs no library.
/// </summary>
internal static class CsvReader
{
    public static IEnumerable<CsvRow> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var rowLine = 1;
        var quoted = false;
        var atFieldStart = true;
        int c;
        while ((c = reader.Read()) != -1)
        {
            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append((char)c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when atFieldStart:
                    quoted = true;
                    atFieldStart = false;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    atFieldStart = true;
                    break;
                case '\r' when reader.Peek() == '\n':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    yield return new CsvRow(rowLine, [.. fields]);
                    fields.Clear();
                    field.Clear();
                    atFieldStart = true;
                    rowLine = ++line;
                    break;
                case '"':
                    throw new FormatException($"line {line}: a quote inside an unquoted field");
                default:
                    field.Append((char)c);
                    atFieldStart = false;
                    break;
            }
        }

        if (quoted)
        {
            throw new FormatException($"line {rowLine}: a quoted field is not closed before the end of the file");
        }

        if (fields.Count > 0 || field.Length > 0)
        {
            fields.Add(field.ToString());
            yield return new CsvRow(rowLine, [.. fields]);
        }
    }
}

using System.Text;

namespace PortWatch.Registry;

/// <summary>
/// An RFC 4180 reader: fields separated by commas, quoted fields that may hold commas, doubled quotes and
/// line breaks, records ended by CRLF or LF. A pure function over text, so that IANA's file needs no library.
/// Errors name the line and column (1-based) of the quote that is wrong.
/// </summary>
internal static class CsvReader
{
    public static IEnumerable<CsvRow> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var column = 0;
        var rowLine = 1;
        var quoted = false;
        (int Line, int Column) opened = default;
        var atFieldStart = true;
        int c;
        while ((c = reader.Read()) != -1)
        {
            column++;
            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        column++;
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        (line, column) = (line + 1, 0);
                    }

                    field.Append((char)c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when atFieldStart:
                    quoted = true;
                    opened = (line, column);
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
                    column = 0;
                    break;
                case '"':
                    throw new FormatException($"line {line}, column {column}: a quote inside an unquoted field (quote the whole field and double the quotes in it)");
                default:
                    field.Append((char)c);
                    atFieldStart = false;
                    break;
            }
        }

        if (quoted)
        {
            throw new FormatException($"line {opened.Line}, column {opened.Column}: a quoted field is not closed before the end of the file");
        }

        if (fields.Count > 0 || field.Length > 0)
        {
            fields.Add(field.ToString());
            yield return new CsvRow(rowLine, [.. fields]);
        }
    }
}

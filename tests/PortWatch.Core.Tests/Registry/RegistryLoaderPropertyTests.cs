using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using PortWatch.Registry;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Registry;

/// <summary>
/// <c>--registry.file</c> is a CSV anyone may hand the exporter: random CSV loads or is rejected with a
/// <see cref="RegistryLoadException"/> naming the file and the line (and the column or field), never another
/// exception and never a message that repeats a huge field; one bad row is named where it starts; a generated
/// registry classifies exactly as generated.
/// </summary>
public sealed partial class RegistryLoaderPropertyTests : IDisposable
{
    private const int Cases = 5_000;
    private const int MaxMessage = 400;

    private static readonly string[] Statuses = ["assigned", "reserved", "private", "unassigned"];
    private static readonly string[] Protocols = ["tcp", "udp", "sctp"];

    private readonly TempDirectory directory = new();
    private long files;

    public void Dispose() => directory.Dispose();

    [Fact]
    public void LoadFile_AnyCsv_LoadsOrIsRejectedNamingTheFileAndALineInIt()
    {
        var piece = Gen.Frequency(
            (6, Gen.String[Gen.Char["abcxyz019 -/"], 1, 8]),
            (3, Gen.OneOf(",", ",", "\"", "\"\"", "\n", "\r\n", "\r")),
            (2, Gen.OneOf("22", "80-90", "65536", "5-3", "-1", "1-2-3", "tcp", "udp", "t-c-p", "UDP", "2024-01-02", "Reserved", "any private", "De-registered")),
            (1, Gen.String[Gen.Char, 0, 6]));
        var huge = Gen.Frequency((19, Gen.Const("")), (1, from n in Gen.Int[10_000, 1_000_000] from c in Gen.OneOf('9', 'x', ',', '"') select new string(c, n)));
        var csv =
            from header in Gen.Frequency((4, Gen.Const(TestRegistry.Header + "\n")), (1, Gen.OneOf("", "Service Name,Port Number\n", "a,b,c\n")))
            from body in piece.Array[0, 60]
            from big in huge
            from at in Gen.Int[0, 60]
            select header + string.Concat(body.Take(at)) + big + string.Concat(body.Skip(at));

        Properties.Check(csv, text =>
        {
            var path = Write(text);
            try
            {
                RegistryLoader.LoadFile(path);
            }
            catch (RegistryLoadException e)
            {
                var match = Rejection().Match(e.Message);
                match.Success.ShouldBeTrue($"the message names the file and a line: {e.Message}");
                match.Groups["path"].Value.ShouldBe(path);
                if (match.Groups["line"].Success)
                {
                    int.Parse(match.Groups["line"].Value, CultureInfo.InvariantCulture).ShouldBeInRange(1, text.Count(c => c == '\n') + 1);
                }
                else
                {
                    match.Groups["what"].Value.ShouldBe("no row with a port number");
                }

                (e.Message.Length - path.Length).ShouldBeLessThanOrEqualTo(MaxMessage, "a huge field is not repeated whole");
            }
        }, Cases, Shorten);
    }

    [Fact]
    public void LoadFile_RegistryWithOneBadRow_NamesTheLineAndColumnWhereItGoesWrong()
    {
        var cases =
            from rows in Row.Array[1, 12]
            from bad in Gen.Int[0, 11]
            from kind in Gen.OneOf("port", "protocol", "stray quote", "unclosed quote")
            from value in kind switch
            {
                "port" => Gen.Frequency((20, Gen.OneOf("eighty", "65536", "5-3", "-1", "1-2-3", "80-", "1 2", "0x50")), (1, Gen.Const(new string('7', 100_000)))),
                "protocol" => Gen.Frequency((20, Gen.OneOf("t-c-p", "tcp6", "sctp!", "ü")), (1, Gen.Const(new string('x', 50_000) + "1"))),
                _ => Gen.Const(""),
            }
            // An unclosed quote takes the rest of the file with it, up to the next quote: it comes last.
            select (rows: kind == "unclosed quote" ? rows[..(bad % rows.Length + 1)] : rows, bad: bad % rows.Length, kind, value);

        Properties.Check(cases, c =>
        {
            var lines = new StringBuilder(TestRegistry.Header).Append('\n');
            int line = 0, column = 0;
            for (var i = 0; i < c.rows.Length; i++)
            {
                var fields = c.rows[i].Fields();
                var before = lines.ToString();
                var rowLine = before.Count(ch => ch == '\n') + 1;
                if (i == c.bad)
                {
                    switch (c.kind)
                    {
                        case "port":
                            fields[1] = c.value;
                            break;
                        case "protocol":
                            fields[2] = c.value;
                            break;
                    }
                }

                var row = Csv(fields);
                if (i == c.bad && c.kind is "stray quote" or "unclosed quote")
                {
                    // After the row's first field, which may span lines itself.
                    var first = Csv(fields[..1]);
                    row = c.kind == "stray quote" ? first + ",a\"b" + row[first.Length..] : first + ",\"never closed,80,tcp";
                    var upTo = before + first + ",";
                    line = upTo.Count(ch => ch == '\n') + 1;
                    column = upTo.Length - upTo.LastIndexOf('\n') + (c.kind == "stray quote" ? 1 : 0);
                }
                else if (i == c.bad)
                {
                    line = rowLine;
                }

                lines.Append(row).Append('\n');
            }

            var path = Write(lines.ToString());
            var error = Should.Throw<RegistryLoadException>(() => RegistryLoader.LoadFile(path));

            var expected = c.kind switch
            {
                "port" => $"registry file {path}: line {line}, field 2 (Port Number): ",
                "protocol" => $"registry file {path}: line {line}, field 3 (Transport Protocol): ",
                _ => $"registry file {path}: line {line}, column {column}: ",
            };
            error.Message.ShouldStartWith(expected);
            (error.Message.Length - path.Length).ShouldBeLessThanOrEqualTo(MaxMessage);
        }, Cases, c => $"{c.kind} in row {c.bad}: {Shorten(c.value)}");
    }

    [Fact]
    public void LoadFile_GeneratedRegistry_ClassifiesEveryPortAsGenerated()
    {
        var cases = from rows in Row.Array[1, 25] from probes in Gen.Int[0, 65535].Array[20] select (rows, probes);

        Properties.Check(cases, c =>
        {
            var text = TestRegistry.Header + "\n" + string.Concat(c.rows.Select(r => Csv(r.Fields()) + (r.CrLf ? "\r\n" : "\n")));

            var registry = RegistryLoader.LoadFile(Write(text));

            var ports = c.probes.Concat(c.rows.SelectMany(r => new[] { r.First, r.Last, Math.Max(0, r.First - 1), Math.Min(65535, r.Last + 1) }));
            foreach (var protocol in Protocols)
            {
                foreach (var port in ports)
                {
                    var (status, service) = Model(c.rows, protocol, port);
                    var classification = registry.Classify(protocol, port);
                    classification.Status.ToLabel().ShouldBe(status, $"{port}/{protocol}");
                    classification.Service.ShouldBe(service, $"{port}/{protocol}");
                }
            }
        }, Cases / 5, c => string.Join(" | ", c.rows.Select(r => Csv(r.Fields()))));
    }

    /// <summary>What the registry should say of a port (README's "Classification"), from the generated rows alone.</summary>
    private static (string Status, string Service) Model(GeneratedRow[] rows, string protocol, int port)
    {
        if (port >= 49152)
        {
            return ("unassigned", "none");
        }

        var covering = rows.Where(r => r.First <= port && port <= r.Last && (r.Protocol is null || r.Protocol == protocol)).ToList();
        if (covering.Count == 0)
        {
            return ("unassigned", "none");
        }

        var best = covering.OrderBy(r => Array.IndexOf(Statuses, r.Status)).First(); // OrderBy is stable: the first in the file wins a tie.
        return (best.Status, best.Status == "assigned" ? best.Name : "none");
    }

    /// <summary>A row of IANA's file meaning one status, with text that needs quoting: commas, quotes, line breaks.</summary>
    private sealed record GeneratedRow(string Status, string Name, int First, int Last, string? Protocol, string Text, string Notes, bool CrLf)
    {
        public string[] Fields()
        {
            var port = First == Last ? First.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{First}-{Last}");
            var (name, description) = Status switch
            {
                "assigned" => (Name, Text),
                "reserved" => ("", "Reserved " + Text),
                "private" => ("", "any private " + Text),
                _ => (Name.Length > 0 ? Name : "", Name.Length > 0 ? "De-registered " + Text : "Unassigned"),
            };
            return [name, port, Protocol ?? "", description, "[Someone]", "", "2020-01-02", "", "", "", "", Notes];
        }
    }

    private static readonly Gen<string> Text = Gen.Frequency(
            (5, Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz ."], 1, 6]),
            (2, Gen.OneOf(",", "\"", "\"\"", "\n", "\r\n", "ü", "\t")))
        .Array[0, 8].Select(string.Concat);

    private static readonly Gen<GeneratedRow> Row =
        from status in Gen.OneOf(Statuses)
        from name in Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-"], 1, 15]
        from first in Gen.Frequency((3, Gen.Int[0, 1100]), (1, Gen.Int[0, 65535]))
        from width in Gen.Frequency((4, Gen.Const(0)), (1, Gen.Int[1, 80]), (1, Gen.Int[0, 65535]))
        from protocol in Gen.OneOf<string?>("tcp", "udp", "tcp", "udp", null)
        from text in Text
        from notes in Text
        from crlf in Gen.Bool
        select new GeneratedRow(status, status == "unassigned" && name.Length % 2 == 0 ? "" : name, first, Math.Min(65535, first + width), protocol, text, notes, crlf);

    /// <summary>A CSV record as RFC 4180 writes it: a field with a comma, quote or line break is quoted, its quotes doubled.</summary>
    private static string Csv(string[] fields) => string.Join(',', fields.Select(f =>
        f.IndexOfAny([',', '"', '\n', '\r']) >= 0 || (f.Length > 0 && f[0] == '"') ? "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : f));

    private string Write(string text)
    {
        var path = directory.Combine(string.Create(CultureInfo.InvariantCulture, $"registry-{Interlocked.Increment(ref files)}.csv"));
        File.WriteAllText(path, text);
        return path;
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + $"… ({text.Length:N0} characters)" : text;

    [GeneratedRegex(@"^registry file (?<path>.+?): (?:line (?<line>\d+)(?:, (?:column \d+|field \d+ \([^)]+\)))?: (?<what>.+)|(?<what>no row with a port number))$", RegexOptions.Singleline)]
    private static partial Regex Rejection();
}

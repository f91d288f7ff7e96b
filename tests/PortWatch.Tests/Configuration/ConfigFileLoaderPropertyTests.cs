using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using PortWatch.Configuration;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Configuration;

/// <summary>
/// The config file on hostile input: random bytes, mutations of a real config, alias bombs, thousands of levels of
/// nesting, megabyte scalars and files. Each loads or is rejected with a <see cref="ConfigException"/> that names
/// file:line:column; nothing else is thrown, and nothing overflows the stack, exhausts memory or hangs (each run has a
/// deadline far beyond what it takes).
/// </summary>
public sealed partial class ConfigFileLoaderPropertyTests : IDisposable
{
    private const string File = "portwatch.yml";
    private const int Cases = 5_000;

    private const string Example = """
        web:
          listen_address: [":10133"]
          telemetry_path: /metrics
        scan:
          interval: 1s
          protocols: [tcp, udp]
          processes: true          # attribute listeners to processes
          retention: 5m
          method: netlink          # or procfs
          namespaces: all          # or host
        path:
          procfs: /proc
        registry:
          file: ""                 # IANA CSV; empty = embedded snapshot
        state:
          file: /var/lib/portwatch/state.json
          forget_after: 7d
        log:
          level: info
          format: logfmt
        expected:                  # listeners you mean to run: labelled expected="true", never paged
          - {protocol: tcp, port: 22, process: sshd}
          - {protocol: udp, port: 5353}
          - {protocol: tcp, port: 8000-8099, address: 127.0.0.1}
          - {unit: nginx.service}
          - {k8s_namespace: ingress, port: 443}
          - {container: 3f2a9c1b7d4e, netns: "4026532890"}
        """;

    private static readonly TimeSpan Hung = TimeSpan.FromMinutes(3);

    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Example_Loads()
    {
        ConfigFileLoader.Apply(File, Example, new PortWatchSettings());
    }

    [Fact]
    public async Task Apply_RandomBytesAndMutatedConfigs_LoadOrAreRejectedAtALineAndColumn()
    {
        var noise = Gen.Byte.Array[0, 400].Select(b => Encoding.UTF8.GetString(b));
        var yamlish = Gen.Frequency(
                (4, Gen.String[Gen.Char["abcsz019:- "], 1, 6]),
                (3, Gen.OneOf("\n", "\n  ", "\n    ", ": ", "- ", "[", "]", "{", "}", ",", "\"", "'", "&a ", "*a", "!!str ", "? ", "|", ">", "#", "---\n", "...\n", "%YAML 1.2\n", "\t", "<<: ")),
                (1, Gen.OneOf("scan", "interval", "expected", "port", "web", "listen_address", "protocols", "15s", "tcp")))
            .Array[0, 80].Select(string.Concat);
        var mutated =
            from edits in Gen.Select(Gen.Int[0, Example.Length], Gen.Int[0, 8], yamlish.Select(s => s.Length > 8 ? s[..8] : s)).Array[1, 5]
            select edits.Aggregate(Example, (text, e) => text[..Math.Min(e.Item1, text.Length)] + e.Item3 + text[Math.Min(text.Length, Math.Min(e.Item1, text.Length) + e.Item2)..]);

        await WithinDeadline(() => Properties.Check(Gen.Frequency((1, noise), (2, yamlish), (3, mutated)), text =>
        {
            try
            {
                ConfigFileLoader.Apply(File, text, new PortWatchSettings());
            }
            catch (ConfigException e)
            {
                AssertNamesAPlace(e, text);
            }
        }, 2 * Cases, t => t));
    }

    [Fact]
    public async Task Apply_AliasBomb_IsRejectedAtTheFirstAlias()
    {
        // Billion laughs: each level a list of aliases of the level before; wherever it sits in the file.
        var bombs =
            from levels in Gen.Int[1, 12]
            from fanOut in Gen.Int[2, 10]
            from place in Gen.OneOf("top", "expected", "value")
            select (levels, fanOut, place);

        await WithinDeadline(() => Properties.Check(bombs, b =>
        {
            var (text, firstAlias) = Bomb(b.levels, b.fanOut, b.place);

            var error = Should.Throw<ConfigException>(() => ConfigFileLoader.Apply(File, text, new PortWatchSettings()));

            error.Message.ShouldStartWith($"{File}:{firstAlias.Line}:{firstAlias.Column}: ");
            error.Message.ShouldContain("alias");
        }, 1_000, b => Bomb(b.levels, b.fanOut, b.place).Text));
    }

    [Fact]
    public async Task Apply_DeepNesting_IsRejectedWhereItGoesTooDeep()
    {
        var nesting =
            from depth in Gen.Frequency((4, Gen.Int[33, 2_000]), (1, Gen.Int[2_000, 200_000]))
            from style in Gen.OneOf("[", "{", "{a: ", "- ", "block")
            from place in Gen.OneOf("", "expected:\n  - ", "scan:\n  interval: ")
            // Block nesting costs its depth squared in indentation: past 900 levels the file is over the size limit.
            select (depth: style is "block" or "- " ? 33 + (depth % 868) : depth, style, place);

        await WithinDeadline(() => Properties.Check(nesting, n =>
        {
            var text = (n.style is "block" or "- " ? "" : n.place) + Nest(n.style, n.depth);

            var error = Should.Throw<ConfigException>(() => ConfigFileLoader.Apply(File, text, new PortWatchSettings()));

            AssertNamesAPlace(error, text);
            error.Message.ShouldContain("nested deeper than");
        }, 1_000, n => $"{n.depth} × \"{n.style}\" after \"{n.place}\""));
    }

    [Fact]
    public async Task Apply_HugeScalar_IsRejectedNamingItWithoutRepeatingIt()
    {
        var huge =
            from length in Gen.Frequency((9, Gen.Int[4_097, 50_000]), (1, Gen.Int[50_000, 1_000_000]))
            from style in Gen.OneOf("plain", "quoted", "literal")
            from place in Gen.OneOf("scan:\n  interval: ", "expected:\n  - {process: ", "registry:\n  file: ", "")
            select (length, style, place);

        await WithinDeadline(() => Properties.Check(huge, h =>
        {
            var value = new string('7', h.length);
            var scalar = h.style switch { "quoted" => $"\"{value}\"", "literal" => "|\n    " + value, _ => value };
            var text = h.place + scalar + (h.place.Contains('{', StringComparison.Ordinal) ? "}" : "") + "\n";

            var error = Should.Throw<ConfigException>(() => ConfigFileLoader.Apply(File, text, new PortWatchSettings()));

            AssertNamesAPlace(error, text);
            error.Message.Length.ShouldBeLessThan(400, "the value is not repeated whole");
        }, 1_000, h => $"{h.length:N0} characters, {h.style}, after \"{h.place}\""));
    }

    [Fact]
    public async Task Apply_HugeFile_IsRejectedBeforeItIsRead()
    {
        var sizes = Gen.Int[(1 << 20) + 1, 64 << 20];
        await WithinDeadline(() => Properties.Check(sizes, size =>
        {
            var path = directory.Combine(string.Create(CultureInfo.InvariantCulture, $"big-{Environment.CurrentManagedThreadId}.yml"));
            using (var file = new FileStream(path, FileMode.Create))
            {
                file.Write("expected:\n  - {port: 22}\n"u8);
                file.SetLength(size); // Sparse: the rest is zero bytes, never written.
            }

            var error = Should.Throw<ConfigException>(() => ConfigFileLoader.Apply(path, new PortWatchSettings()));

            error.Message.ShouldStartWith($"{path}:");
            error.Message.ShouldContain("MiB");
        }, 200, s => s.ToString("N0", CultureInfo.InvariantCulture)));
    }

    private static (string Text, (int Line, int Column) FirstAlias) Bomb(int levels, int fanOut, string place)
    {
        var text = new StringBuilder(place switch { "expected" => "expected:\n", "value" => "scan:\n  protocols:\n", _ => "" });
        var indent = place == "top" ? "" : "  ";
        text.Append(CultureInfo.InvariantCulture, $"{indent}{(place == "top" ? "l0: " : "- ")}&l0 [lol, lol]\n");
        (int, int)? first = null;
        for (var level = 1; level <= levels; level++)
        {
            var line = text.ToString().Count(c => c == '\n') + 1;
            var head = $"{indent}{(place == "top" ? $"l{level}: " : "- ")}&l{level} [";
            first ??= (line, head.Length + 1);
            text.Append(head).Append(string.Join(", ", Enumerable.Repeat($"*l{level - 1}", fanOut))).Append("]\n");
        }

        return (text.ToString(), first!.Value);
    }

    private static string Nest(string style, int depth) => style switch
    {
        "block" => string.Concat(Enumerable.Range(0, depth).Select(i => new string(' ', 2 * i) + "k:\n")) + new string(' ', 2 * depth) + "v\n",
        "- " => string.Concat(Enumerable.Range(0, depth).Select(i => new string(' ', 2 * i) + "-\n")) + new string(' ', 2 * depth) + "v\n",
        _ => string.Concat(Enumerable.Repeat(style, depth)),
    };

    private static void AssertNamesAPlace(ConfigException e, string text)
    {
        var match = Place().Match(e.Message);
        match.Success.ShouldBeTrue($"names file:line:column: {e.Message}");
        var line = int.Parse(match.Groups["line"].Value, CultureInfo.InvariantCulture);
        line.ShouldBeInRange(1, text.Count(c => c is '\n' or '\r' or '\u0085' or '\u2028' or '\u2029') + 2, e.Message); // YAML's line breaks.
        int.Parse(match.Groups["column"].Value, CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(1, e.Message);
        match.Groups["what"].Value.Trim().ShouldNotBeEmpty();
    }

    /// <summary>Runs a property on another thread and fails if it has not returned long after it should have.</summary>
    private static async Task WithinDeadline(Action property)
    {
        var run = Task.Run(property, TestContext.Current.CancellationToken);
        var finished = await Task.WhenAny(run, Task.Delay(Hung, TestContext.Current.CancellationToken));
        finished.ShouldBe(run, "the loader did not return");
        await run;
    }

    [GeneratedRegex(@"^portwatch\.yml:(?<line>\d+):(?<column>\d+): (?<what>.+)$", RegexOptions.Singleline)]
    private static partial Regex Place();
}

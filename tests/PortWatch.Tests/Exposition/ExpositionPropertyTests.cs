using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using CsCheck;
using PortWatch.Exposition;
using PortWatch.Listeners;
using PortWatch.Owners;
using PortWatch.Processes;
using PortWatch.Registry;
using PortWatch.Scanning;
using PortWatch.Sockets;
using PortWatch.TestSupport;
using PortWatch.Tests.TestSupport;
using Prometheus;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Exposition;

/// <summary>
/// Whatever the label values (process names of any bytes, units, pods and namespaces of any text, any address and
/// namespace), the exposition reads back to exactly those values through <see cref="ExpositionParser"/>, a parser
/// written from the formats' specifications, in both formats; and every text exposition generated passes Prometheus's
/// own <c>promtool check metrics</c>, batched (each case's families renamed apart) into a few promtool runs.
/// </summary>
public sealed class ExpositionPropertyTests
{
    private const string Promtool = "/usr/bin/promtool";
    private const int Cases = 10_000;
    private const int ListenerCases = 2_000;
    private const int Batch = 250;

    private static readonly PortRegistry Registry = TestRegistry.Small();
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_772_366_400_000);

    /// <summary>Any Unicode text (scalar values: UTF-8 cannot carry a lone surrogate, and none reaches a label), with what a writer must escape drawn often.</summary>
    internal static readonly Gen<string> AnyText = Gen.Frequency(
            (3, Gen.OneOf("\\", "\"", "\n", "\r", "\t", "\\n", "\\\"", "{", "}", ",", "=", " ", "#", "\0", "\u0085", "\u2028", "\u202e", "ü", "😀", "\uffff", "\ufeff")),
            (2, Gen.Char['\u0000', '\u007f'].Select(c => c.ToString())),
            (2, Gen.Char.Where(c => !char.IsSurrogate(c)).Select(c => c.ToString())),
            (1, Gen.Int[0x10000, 0x10ffff].Select(c => char.ConvertFromUtf32(c))))
        .Array[0, 24]
        .Select(string.Concat);

    private static readonly Gen<string> Name = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz_"], 1, 12].Select(n => "x" + n);

    [Fact]
    public void Write_AnyFamily_ReadsBackThroughAnIndependentParserInBothFormats()
    {
        var families =
            from name in Name
            from help in AnyText
            from labelCount in Gen.Int[0, 4]
            from labels in Name.Array[labelCount].Where(l => l.Distinct().Count() == l.Length)
            from samples in Gen.Select(AnyText.Array[labelCount], Gen.Frequency((5, Gen.Double), (1, Gen.OneOf(double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, double.Epsilon, double.MaxValue)))).Array[1, 6]
            select (name, help, labels, samples: samples.DistinctBy(s => string.Join("\u0001", s.Item1)).ToArray());

        Properties.Check(families, f =>
        {
            var family = new MetricFamily(f.name, f.help, f.labels);
            foreach (var (values, value) in f.samples)
            {
                family.Add(value, values);
            }

            foreach (var format in new[] { ExpositionFormat.PrometheusText, ExpositionFormat.OpenMetricsText })
            {
                var openMetrics = format == ExpositionFormat.OpenMetricsText;
                byte[] bytes = [.. TextFormatWriter.Render(family, format), .. (openMetrics ? "# EOF\n"u8.ToArray() : [])];

                var parsed = ExpositionParser.Parse(bytes, openMetrics).ShouldHaveSingleItem();

                parsed.Name.ShouldBe(f.name);
                parsed.Help.ShouldBe(f.help);
                parsed.Type.ShouldBe("gauge");
                parsed.Samples.Count.ShouldBe(f.samples.Length);
                foreach (var (values, value) in f.samples)
                {
                    var sample = parsed.Samples.Single(s => s.Labels.Select(l => l.Value).SequenceEqual(values));
                    sample.Labels.Select(l => l.Key).ShouldBe(f.labels);
                    sample.Value.ShouldBe(value); // NaN equals NaN here; -0 and 0 are one value.
                }
            }
        }, Cases, f => $"{f.name} help={Escape(f.help)} labels={string.Join(",", f.labels)} samples={string.Join(" | ", f.samples.Select(s => string.Join(",", s.Item1.Select(Escape))))}");
    }

    [Fact]
    public async Task ListenerExposition_HostileListeners_ReadBackInBothFormatsAndPassPromtool()
    {
        File.Exists(Promtool).ShouldBeTrue($"{Promtool} is missing: install Debian's prometheus package (./build.sh test does)");
        var texts = new ConcurrentQueue<byte[]>();

        Properties.Check(Listener.Array[1, 8].Select(l => l.DistinctBy(x => x.Key).ToArray()), listeners =>
        {
            var exposition = ListenerExposition.Build(listeners);
            var text = exposition.Get(ExpositionFormat.PrometheusText).ToArray();
            foreach (var (bytes, openMetrics) in new[] { (text, false), ([.. exposition.Get(ExpositionFormat.OpenMetricsText).Span, .. "# EOF\n"u8], true) })
            {
                var families = ExpositionParser.Parse(bytes, openMetrics).ToDictionary(f => f.Name);
                var info = families[MetricNames.ListenerInfo];
                info.Samples.Count.ShouldBe(listeners.Length);
                foreach (var listener in listeners)
                {
                    var expected = ListenerLabels.Info.Select(l => new KeyValuePair<string, string>(l.Name, l.Value(listener))).ToList();
                    info.Samples.Count(s => s.Labels.SequenceEqual(expected)).ShouldBe(1, $"{listener.Key}: {string.Join(", ", expected.Select(e => $"{e.Key}={Escape(e.Value)}"))}");
                    var identity = expected.Take(ListenerLabels.Identity.Count).ToList();
                    families[MetricNames.ListenerFirstSeen].Samples.Single(s => s.Labels.SequenceEqual(identity)).Value.ShouldBe(listener.FirstSeen.ToUnixSeconds());
                    var lastSeen = families.TryGetValue(MetricNames.ListenerLastSeen, out var closed) ? closed.Samples.Where(s => s.Labels.SequenceEqual(identity)).ToList() : [];
                    lastSeen.Count.ShouldBe(listener.IsOpen ? 0 : 1);
                }
            }

            texts.Enqueue(text);
        }, ListenerCases, l => string.Join(" | ", l.Select(x => $"{x.Key} process={Escape(x.ProcessLabel)} unit={Escape(x.Owner.Unit)} pod={Escape(x.Owner.Pod)} ns={Escape(x.Owner.K8sNamespace)}")));

        // Each case's families renamed apart (portwatch_ → portwatch_c<n>_, on the lines that name them), a batch of them a promtool run.
        var watch = Stopwatch.StartNew();
        var cases = texts.ToArray();
        var runs = 0;
        for (var first = 0; first < cases.Length; first += Batch)
        {
            var batch = new StringBuilder();
            for (var n = first; n < Math.Min(cases.Length, first + Batch); n++)
            {
                foreach (var line in Encoding.UTF8.GetString(cases[n]).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    var prefix = string.Create(CultureInfo.InvariantCulture, $"portwatch_c{n}_");
                    batch.Append(line.StartsWith('#') ? line.Replace(" portwatch_", " " + prefix, StringComparison.Ordinal) : prefix + line["portwatch_".Length..]).Append('\n');
                }
            }

            var (exitCode, output) = await CheckMetricsAsync(Encoding.UTF8.GetBytes(batch.ToString()));
            runs++;
            output.ShouldBeEmpty($"cases {first} to {first + Batch - 1}");
            exitCode.ShouldBe(0);
        }

        Properties.Report("promtool check metrics", cases.Length, watch.Elapsed, $"{cases.Length:N0} generated expositions reached promtool in {runs} runs");
    }

    /// <summary>A listener whose every attacker-reachable label is hostile: process names of any bytes, owners of any text.</summary>
    private static readonly Gen<Listener> Listener =
        from protocol in Gen.OneOf(TransportProtocol.Tcp, TransportProtocol.Udp)
        from v6 in Gen.Bool
        from address in Gen.Byte.Array[v6 ? 16 : 4].Select(b => new IPAddress(b))
        from port in Gen.Int[0, 65535]
        from netns in Gen.Frequency((3, Gen.Const(0UL)), (1, Gen.ULong))
        from comms in Gen.Byte.Array[0, 15].Array[0, 4]
        from unit in AnyText
        from container in Gen.Frequency((2, Gen.Const("none")), (1, Gen.String[Gen.Char["0123456789abcdef"], 12, 12]))
        from pod in AnyText
        from k8sNamespace in AnyText
        from exposure in Gen.Enum<Exposure>()
        from expected in Gen.Bool
        from firstSeen in Gen.Long[0, 10_000_000_000]
        from open in Gen.Bool
        select Build(protocol, v6 ? IpFamily.IPv6 : IpFamily.IPv4, address, port, netns, comms, new ProcessOwner(unit, container, pod, k8sNamespace), exposure, expected, firstSeen, open);

    private static Listener Build(
        TransportProtocol protocol, IpFamily family, IPAddress address, int port, ulong netns, byte[][] comms, ProcessOwner owner,
        Exposure exposure, bool expected, long firstSeen, bool open)
    {
        var processes = comms.Select((comm, i) => new ProcessInfo(1000 + i, ProcessName.FromComm(comm)) { Owner = owner }).ToList();
        var seen = Start.AddMilliseconds(firstSeen);
        return new Listener(
            new ListenerKey(protocol, family, address, port, netns),
            exposure,
            Registry.Classify(protocol.ToLabel(), port),
            processes,
            ListenerBuilder.ProcessLabel(processes),
            expected,
            seen,
            seen.AddSeconds(30),
            open)
        {
            Owner = ListenerBuilder.OwnerOf(processes),
        };
    }

    private static async Task<(int ExitCode, string Output)> CheckMetricsAsync(byte[] exposition)
    {
        var start = new ProcessStartInfo(Promtool, ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start).ShouldNotBeNull();
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.StandardInput.BaseStream.WriteAsync(exposition, TestContext.Current.CancellationToken);
        process.StandardInput.Close();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    private static string Escape(string text) =>
        string.Concat(text.EnumerateRunes().Select(r => r.Value is < 0x20 or 0x7f or 0x85 or 0x2028 or 0x2029 or 0x202e or '\\'
            ? string.Create(CultureInfo.InvariantCulture, $"\\u{r.Value:x4}")
            : r.ToString()));
}

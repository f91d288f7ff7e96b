using System.Text;
using FsCheck;
using FsCheck.Fluent;
using PortWatch.Exposition;
using Prometheus;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Exposition;

public sealed class TextFormatWriterPropertyTests
{
    private const string Prefix = "m{l=\"";
    private const string Suffix = "\"} 1";

    [Fact]
    public void Write_AnyLabelValue_UnescapesToTheOriginalAndTheLineHasNoRawNewline()
    {
        // Characters that need escaping, and look-alikes that must not be, are drawn far more often than chance.
        var special = Gen.Elements('\\', '"', '\n', '\r', 'n', '\t', '{', '}', ',', '=', ' ', '\0', 'ü', '\u2028');
        var chars = Gen.Frequency((3, special), (2, ArbMap.Default.GeneratorFor<char>()));
        var values = chars.ArrayOf().Select(a => new string(a));

        Prop.ForAll(values.ToArbitrary(), value =>
        {
            var output = new StringBuilder();
            TextFormatWriter.Write(new MetricFamily("m", "h", "l").Add(1, value), ExpositionFormat.PrometheusText, output);
            var lines = output.ToString().Split('\n');
            return lines.Length == 4 && lines[3].Length == 0
                && lines[2].StartsWith(Prefix, StringComparison.Ordinal)
                && lines[2].EndsWith(Suffix, StringComparison.Ordinal)
                && Unescape(lines[2][Prefix.Length..^Suffix.Length]) == value;
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData(@"a\\b", @"a\b")]
    [InlineData(@"a\""b", "a\"b")]
    [InlineData(@"a\nb", "a\nb")]
    public void Unescape_TextFormatEscapes_AreUndone(string escaped, string value)
    {
        Unescape(escaped).ShouldBe(value);
    }

    [Theory]
    [InlineData("a\"b")]
    [InlineData(@"a\tb")]
    [InlineData(@"trailing\")]
    [InlineData("raw\nnewline")]
    public void Unescape_WhatTheFormatForbids_IsRejected(string escaped)
    {
        Unescape(escaped).ShouldBeNull();
    }

    /// <summary>Reads an escaped label value of the text format; null when it is not one (a bare quote, a raw newline, an unknown escape).</summary>
    private static string? Unescape(string escaped)
    {
        var value = new StringBuilder();
        for (var i = 0; i < escaped.Length; i++)
        {
            switch (escaped[i])
            {
                case '"' or '\n':
                    return null;
                case '\\' when i + 1 < escaped.Length:
                    switch (escaped[++i])
                    {
                        case '\\':
                            value.Append('\\');
                            break;
                        case '"':
                            value.Append('"');
                            break;
                        case 'n':
                            value.Append('\n');
                            break;
                        default:
                            return null;
                    }

                    break;
                case '\\':
                    return null;
                default:
                    value.Append(escaped[i]);
                    break;
            }
        }

        return value.ToString();
    }
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PortWatch.Logging;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Logging;

public sealed class LogfmtFormatterTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("tcp/22", "tcp/22")]
    [InlineData("nginx-ü", "nginx-ü")]
    [InlineData("two words", "\"two words\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("a\\b", "\"a\\\\b\"")]
    [InlineData("line\nbreak", "\"line\\nbreak\"")]
    [InlineData("cr\rtab\t", "\"cr\\rtab\\t\"")]
    [InlineData("a=b", "\"a=b\"")]
    [InlineData("", "\"\"")]
    [InlineData("esc\u001b[31m bell\u0007", "\"esc\\u001b[31m bell\\u0007\"")]
    public void Quote_Value_IsQuotedAndEscapedOnlyWhenNeeded(string value, string quoted)
    {
        LogfmtFormatter.Quote(value).ShouldBe(quoted);
    }

    [Fact]
    public void Write_Entry_IsOneLogfmtLineWithStructuredFields()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, 123, TimeSpan.Zero));
        IReadOnlyList<KeyValuePair<string, object?>> state =
        [
            new("Listener", "tcp 0.0.0.0:22"),
            new("ProcessCount", 2),
            new("{OriginalFormat}", "new listener {Listener}"),
        ];
        var entry = new LogEntry<IReadOnlyList<KeyValuePair<string, object?>>>(
            LogLevel.Warning, "PortWatch.Hosting.ScanLoop", new EventId(1), state, null, (_, _) => "new listener tcp 0.0.0.0:22");
        using var output = new StringWriter();

        new LogfmtFormatter(time).Write(in entry, null, output);

        output.ToString().ShouldBe("ts=2026-03-01T12:00:00.123Z level=warn source=ScanLoop msg=\"new listener tcp 0.0.0.0:22\" listener=\"tcp 0.0.0.0:22\" process_count=2\n");
    }
}

using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PortWatch.Logging;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Logging;

public sealed class JsonLogFormatterTests
{
    [Fact]
    public void Write_Entry_IsOneJsonObjectALineWithTheLogfmtFields()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, 5, TimeSpan.Zero));
        IReadOnlyList<KeyValuePair<string, object?>> state =
        [
            new("Process", "evil\"\n"),
            new("{OriginalFormat}", "x {Process}"),
        ];
        var entry = new LogEntry<IReadOnlyList<KeyValuePair<string, object?>>>(
            LogLevel.Error, "PortWatch.Hosting.ScanLoop", new EventId(2), state, new InvalidOperationException("boom"), (_, _) => "x evil");
        using var output = new StringWriter();

        new JsonLogFormatter(time).Write(in entry, null, output);

        var text = output.ToString();
        text.ShouldEndWith("}\n");
        text.TrimEnd('\n').ShouldNotContain("\n");
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        root.EnumerateObject().Select(p => p.Name).ShouldBe(["ts", "level", "source", "msg", "process", "err"]);
        root.GetProperty("ts").GetString().ShouldBe("2026-03-01T12:00:00.005Z");
        root.GetProperty("level").GetString().ShouldBe("error");
        root.GetProperty("source").GetString().ShouldBe("ScanLoop");
        root.GetProperty("process").GetString().ShouldBe("evil\"\n");
        root.GetProperty("err").GetString().ShouldNotBeNull().ShouldContain("boom");
    }
}

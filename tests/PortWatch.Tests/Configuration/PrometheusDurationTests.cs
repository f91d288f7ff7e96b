using PortWatch.Configuration;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Configuration;

public sealed class PrometheusDurationTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("0s", 0L)]
    [InlineData("15s", 15_000L)]
    [InlineData("1m30s", 90_000L)]
    [InlineData("500ms", 500L)]
    [InlineData("1s500ms", 1_500L)]
    [InlineData("1h", 3_600_000L)]
    [InlineData("7d", 604_800_000L)]
    [InlineData("2w", 1_209_600_000L)]
    [InlineData("1y", 31_536_000_000L)]
    [InlineData("1y2w3d4h5m6s7ms", 31_536_000_000L + 1_209_600_000L + 259_200_000L + 14_400_000L + 300_000L + 6_000L + 7L)]
    [InlineData("90s", 90_000L)]
    public void TryParse_Duration_GivesItsLength(string text, long milliseconds)
    {
        PrometheusDuration.TryParse(text, out var duration).ShouldBeTrue();
        duration.ShouldBe(TimeSpan.FromMilliseconds(milliseconds));
    }

    [Theory]
    [InlineData("")]
    [InlineData("15")]
    [InlineData("s")]
    [InlineData("ms")]
    [InlineData("1s1m")]
    [InlineData("1s1s")]
    [InlineData("1ms1s")]
    [InlineData("-1s")]
    [InlineData("+1s")]
    [InlineData("1.5s")]
    [InlineData("1 s")]
    [InlineData(" 1s")]
    [InlineData("1S")]
    [InlineData("1x")]
    [InlineData("1s ")]
    [InlineData("00")]
    [InlineData("99999999999999999999s")]
    [InlineData("999999999999y")]
    [InlineData("30000y")]
    [InlineData("10000y10000y")]
    public void TryParse_BadDuration_ReturnsFalse(string text)
    {
        PrometheusDuration.TryParse(text, out _).ShouldBeFalse();
    }
}

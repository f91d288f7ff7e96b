using PortWatch.Processes;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Processes;

public sealed class SelfProcessStatsTests
{
    private const string Limits = """
        Limit                     Soft Limit           Hard Limit           Units
        Max cpu time              unlimited            unlimited            seconds
        Max file size             unlimited            unlimited            bytes
        Max processes             63704                63704                processes
        Max open files            1024                 524288               files
        Max locked memory         8388608              8388608              bytes

        """;

    [Fact]
    public void ParseMaxOpenFiles_LimitsFile_GivesTheSoftLimit()
    {
        SelfProcessStats.ParseMaxOpenFiles(Limits).ShouldBe(1024);
    }

    [Fact]
    public void ParseMaxOpenFiles_Unlimited_IsNull()
    {
        SelfProcessStats.ParseMaxOpenFiles(Limits.Replace("1024                 524288", "unlimited            unlimited", StringComparison.Ordinal)).ShouldBeNull();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Limit Soft Limit Hard Limit Units\nMax processes 10 10 processes\n")]
    [InlineData("Max open files")]
    public void ParseMaxOpenFiles_NoUsableLine_IsNull(string? limits)
    {
        SelfProcessStats.ParseMaxOpenFiles(limits).ShouldBeNull();
    }

    [Fact]
    public void ParseMaxOpenFiles_ThisMachinesLimits_IsPositiveOrUnlimited()
    {
        var limits = File.ReadAllText("/proc/self/limits");
        var line = limits.Split('\n').Single(l => l.StartsWith("Max open files", StringComparison.Ordinal));

        var parsed = SelfProcessStats.ParseMaxOpenFiles(limits);

        if (line.Contains("unlimited", StringComparison.Ordinal))
        {
            parsed.ShouldBeNull();
        }
        else
        {
            parsed.ShouldNotBeNull().ShouldBeGreaterThan(0);
        }
    }
}

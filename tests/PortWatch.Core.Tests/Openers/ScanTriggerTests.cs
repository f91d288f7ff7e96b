using Microsoft.Extensions.Time.Testing;
using PortWatch.Openers;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Openers;

public sealed class ScanTriggerTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task Requests_OfOneBurst_MakeOneScan_AfterTheDebounce()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
        using var trigger = new ScanTrigger(time);
        trigger.Request();
        trigger.Request();
        trigger.Request();

        (await AdvanceUntilAsync(time, trigger.WaitAsync(TestContext.Current.CancellationToken))).ShouldBeGreaterThanOrEqualTo(ScanTrigger.Debounce);

        // The burst made one scan: nothing is pending now, however long the clock runs.
        var idle = trigger.WaitAsync(TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(50, TestContext.Current.CancellationToken);
        idle.IsCompleted.ShouldBeFalse();
        trigger.Request();
        await AdvanceUntilAsync(time, idle);
        trigger.Requests.ShouldBe(4);
    }

    [Fact]
    public async Task ARequest_RightAfterATriggeredScan_WaitsOutTheGap()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
        using var trigger = new ScanTrigger(time);
        trigger.Request();
        await AdvanceUntilAsync(time, trigger.WaitAsync(TestContext.Current.CancellationToken));

        trigger.Request();
        (await AdvanceUntilAsync(time, trigger.WaitAsync(TestContext.Current.CancellationToken))).ShouldBeGreaterThanOrEqualTo(ScanTrigger.MinimumGap);
    }

    /// <summary>Moves the clock a millisecond at a time until <paramref name="waiting"/> completes; how far it moved.</summary>
    private static async Task<TimeSpan> AdvanceUntilAsync(FakeTimeProvider time, Task waiting)
    {
        var moved = TimeSpan.Zero;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!waiting.IsCompleted)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the trigger never fired");
            await Task.Delay(2, TestContext.Current.CancellationToken); // Let the waiter reach its delay before the clock moves.
            time.Advance(Step);
            moved += Step;
        }

        await waiting;
        return moved;
    }
}

using Microsoft.Extensions.Time.Testing;

namespace PortWatch.TestSupport;

/// <summary>
/// A <see cref="FakeTimeProvider"/> (the clock moves only when the test advances it, and its timers fire then)
/// whose timestamps also move on by <see cref="Step"/> at each read, so that a timed piece of work lasts exactly
/// one step: durations are deterministic, never measured, and the wall clock stays where the test put it.
/// </summary>
internal sealed class SteppingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private long steps;

    public TimeSpan Step { get; set; } = TimeSpan.Zero;

    public override long GetTimestamp() => base.GetTimestamp() + (Interlocked.Increment(ref steps) - 1) * Step.Ticks;
}

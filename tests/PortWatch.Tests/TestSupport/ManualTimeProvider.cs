namespace PortWatch.Tests.TestSupport;

/// <summary>
/// A clock the test moves by hand. Each call to <see cref="GetTimestamp"/> also moves the timestamp on by
/// <see cref="TimestampStep"/>, so that a timed piece of work lasts exactly one step: durations are
/// deterministic, never measured.
/// </summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;
    private long timestamp;

    public TimeSpan TimestampStep { get; set; } = TimeSpan.Zero;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => now;

    public override long GetTimestamp()
    {
        var current = timestamp;
        timestamp += TimestampStep.Ticks;
        return current;
    }

    public void Advance(TimeSpan by)
    {
        now += by;
        timestamp += by.Ticks;
    }
}

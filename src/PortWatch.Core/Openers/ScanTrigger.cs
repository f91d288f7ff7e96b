namespace PortWatch.Openers;

/// <summary>
/// Asks for a scan now, for a listener the tracer saw open: requests within <see cref="Debounce"/> of each other make
/// one scan, and triggered scans are at least <see cref="MinimumGap"/> apart, so a burst of binds costs a bounded
/// number of scans a second. Thread-safe; waits on the injected clock.
/// </summary>
internal sealed class ScanTrigger(TimeProvider time) : IDisposable
{
    /// <summary>How long after a request its scan starts, so that the requests of one burst share it.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(5);

    /// <summary>At most 20 triggered scans a second.</summary>
    public static readonly TimeSpan MinimumGap = TimeSpan.FromMilliseconds(50);

    private readonly SemaphoreSlim signal = new(0, 1);
    private int pending;
    private long requests;
    private DateTimeOffset lastFired = DateTimeOffset.MinValue;

    /// <summary>Requests made so far.</summary>
    public long Requests => Interlocked.Read(ref requests);

    public void Request()
    {
        Interlocked.Increment(ref requests);
        if (Interlocked.Exchange(ref pending, 1) == 0)
        {
            signal.Release();
        }
    }

    public void Dispose() => signal.Dispose();

    /// <summary>Completes when a scan is due for the requests made since the last completion.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var delay = lastFired == DateTimeOffset.MinValue || lastFired + MinimumGap - now < Debounce ? Debounce : lastFired + MinimumGap - now;
        await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        Interlocked.Exchange(ref pending, 0); // Requests from here on ask for the next scan.
        lastFired = time.GetUtcNow();
    }
}

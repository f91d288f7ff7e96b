namespace PortWatch.Tests.TestSupport;

/// <summary>
/// Waits for work another thread does once the test has moved the clock (a timer callback, a scan on the
/// thread pool): it spins on the condition, never sleeps on time, and gives up after a real-time bound.
/// </summary>
internal static class Eventually
{
    public static void True(Func<bool> condition, string what)
    {
        if (!SpinWait.SpinUntil(condition, TimeSpan.FromSeconds(10)))
        {
            throw new TimeoutException($"not within 10 s: {what}");
        }
    }
}

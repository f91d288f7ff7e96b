namespace PortWatch.Exposition;

/// <summary>Unix time in seconds, with the millisecond precision scans have.</summary>
internal static class Timestamps
{
    public static double ToUnixSeconds(this DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;
}

using PortWatch.Processes;

namespace PortWatch.Exposition;

/// <summary>The standard <c>process_*</c> families of the exporter itself, as every Prometheus client library names them.</summary>
internal static class ProcessFamilies
{
    public static IEnumerable<MetricFamily> Build(SelfProcessStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        yield return new MetricFamily("process_cpu_seconds_total", MetricType.Counter, "Total user and system CPU time spent in seconds.").Add(stats.CpuSeconds);
        yield return new MetricFamily("process_resident_memory_bytes", MetricType.Gauge, "Resident memory size in bytes.").Add(stats.ResidentBytes);
        yield return new MetricFamily("process_virtual_memory_bytes", MetricType.Gauge, "Virtual memory size in bytes.").Add(stats.VirtualBytes);
        yield return new MetricFamily("process_start_time_seconds", MetricType.Gauge, "Start time of the process since unix epoch in seconds.").Add(stats.StartTimeSeconds);
        if (stats.OpenFds is { } open)
        {
            yield return new MetricFamily("process_open_fds", MetricType.Gauge, "Number of open file descriptors.").Add(open);
        }

        if (stats.MaxFds is { } max)
        {
            yield return new MetricFamily("process_max_fds", MetricType.Gauge, "Maximum number of open file descriptors.").Add(max);
        }
    }
}

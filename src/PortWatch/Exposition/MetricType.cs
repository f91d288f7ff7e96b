namespace PortWatch.Exposition;

/// <summary>The metric types PortWatch exposes.</summary>
internal enum MetricType
{
    /// <summary>A value that can go up and down.</summary>
    Gauge,

    /// <summary>A value that only goes up (reset by a restart); its name ends in <c>_total</c>.</summary>
    Counter,
}

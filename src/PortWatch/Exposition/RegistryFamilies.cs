using PortWatch.Registry;

namespace PortWatch.Exposition;

/// <summary>The families that describe the registry in use.</summary>
internal static class RegistryFamilies
{
    public static IEnumerable<MetricFamily> Build(PortRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var entries = new MetricFamily(
            MetricNames.RegistryEntries,
            MetricType.Gauge,
            "Rows of the IANA registry that apply to each protocol (a range counts once; a row without a protocol counts for each).",
            "protocol");
        foreach (var (protocol, count) in registry.EntriesByProtocol)
        {
            entries.Add(count, protocol);
        }

        yield return entries;
        var updated = registry.Info.Updated.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        yield return new MetricFamily(
            MetricNames.RegistryInfo,
            MetricType.Gauge,
            "The IANA registry in use: its source (embedded or a file path) and the date of its newest change.",
            "source", "updated").Add(1, registry.Info.Source, updated);
        yield return new MetricFamily(
            MetricNames.RegistryUpdated,
            MetricType.Gauge,
            "Unix time of the date of the registry's newest change.")
            .Add(new DateTimeOffset(registry.Info.Updated.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixSeconds());
    }
}

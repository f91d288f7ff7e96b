using System.Globalization;
using PortWatch.Registry;
using Prometheus;

namespace PortWatch.Exposition;

/// <summary>The IANA registry in use: its records by protocol, its source and the date of its newest entry.</summary>
internal sealed class RegistryCollector(PortRegistry registry) : IExporterCollector
{
    public void Register(MetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var entries = factory.CreateGauge(MetricNames.RegistryEntries, "IANA registry records that apply to each protocol (a range counts once).", "protocol");
        foreach (var (protocol, count) in registry.EntriesByProtocol)
        {
            entries.WithLabels(protocol).Set(count);
        }

        var updated = registry.Info.Updated.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        factory.CreateGauge(MetricNames.RegistryInfo, "The IANA registry in use: embedded snapshot or --registry.file, and the date of its newest entry.", "source", "updated")
            .WithLabels(registry.Info.Source, registry.Info.Updated.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Set(1);
        factory.CreateGauge(MetricNames.RegistryUpdated, "Unix time of the IANA registry's newest entry.")
            .Set(new DateTimeOffset(updated).ToUnixTimeSeconds());
    }

    public void Update()
    {
        // Constant for the exporter's life.
    }
}

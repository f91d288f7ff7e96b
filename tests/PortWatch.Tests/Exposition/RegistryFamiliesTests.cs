using PortWatch.Exposition;
using PortWatch.Registry;
using PortWatch.Tests.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Exposition;

public sealed class RegistryFamiliesTests
{
    [Fact]
    public void Build_Registry_WritesEntriesByProtocol()
    {
        var registry = TestRegistry.FromRows("a,1,tcp,x,,,,,,,,", "b,2-9,,x,,,,,,,,", "c,3,udp,x,,,,,,,,");

        var entries = RegistryFamilies.Build(registry).Family(MetricNames.RegistryEntries);

        entries.Value("protocol=tcp").ShouldBe(2);
        entries.Value("protocol=udp").ShouldBe(2);
        entries.Value("protocol=sctp").ShouldBe(1);
        entries.Value("protocol=dccp").ShouldBe(1);
    }

    [Fact]
    public void Build_Registry_WritesSourceAndUpdatedDate()
    {
        var registry = new PortRegistry(TestRegistry.Parse("a,1,tcp,x,,,,,,,,").Records, new RegistryInfo("/etc/portwatch/ports.csv", new DateOnly(2025, 12, 31)));

        var families = RegistryFamilies.Build(registry).ToList();

        families.Family(MetricNames.RegistryInfo).Value("source=/etc/portwatch/ports.csv", "updated=2025-12-31").ShouldBe(1);
        families.Family(MetricNames.RegistryUpdated).Value().ShouldBe(1_767_139_200);
    }

    [Fact]
    public void Build_EmbeddedRegistry_SourceIsEmbedded()
    {
        RegistryFamilies.Build(TestRegistry.Embedded).Family(MetricNames.RegistryInfo).Samples.ShouldHaveSingleItem().LabelValues[0].ShouldBe("embedded");
    }
}

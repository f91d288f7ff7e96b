using PortWatch.Registry;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Registry;

public sealed class RegistryLoaderTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Theory]
    [InlineData("tcp", 12, "unassigned", "none")]
    [InlineData("tcp", 1200, "assigned", "scol")]
    [InlineData("tcp", 80, "assigned", "http")]
    [InlineData("tcp", 6001, "assigned", "x11")]
    [InlineData("tcp", 24, "private", "none")]
    [InlineData("udp", 225, "reserved", "none")]
    [InlineData("tcp", 50000, "unassigned", "none")]
    [InlineData("tcp", 0, "reserved", "none")]
    [InlineData("udp", 14001, "unassigned", "none")]
    [InlineData("tcp", 1023, "reserved", "none")]
    [InlineData("tcp", 1024, "reserved", "none")]
    [InlineData("tcp", 49151, "reserved", "none")]
    [InlineData("udp", 49151, "reserved", "none")]
    [InlineData("tcp", 35, "private", "none")]
    [InlineData("tcp", 57, "private", "none")]
    [InlineData("tcp", 59, "private", "none")]
    [InlineData("tcp", 75, "private", "none")]
    [InlineData("tcp", 77, "private", "none")]
    [InlineData("tcp", 87, "private", "none")]
    [InlineData("udp", 87, "private", "none")]
    [InlineData("tcp", 13, "assigned", "daytime")]
    [InlineData("tcp", 22, "assigned", "ssh")]
    [InlineData("udp", 241, "reserved", "none")]
    [InlineData("tcp", 65535, "unassigned", "none")]
    public void LoadEmbedded_SpecExamples_AreClassifiedAsTheSpecSays(string protocol, int port, string status, string service)
    {
        var classification = TestRegistry.Embedded.Classify(protocol, port);

        classification.Status.ToLabel().ShouldBe(status);
        classification.Service.ShouldBe(service);
    }

    [Fact]
    public void LoadEmbedded_Port6003_CarriesTheUnauthorizedUseText()
    {
        TestRegistry.Embedded.Classify("tcp", 6003).UnauthorizedUse.ShouldContain("Unauthorized Use");
    }

    [Fact]
    public void LoadEmbedded_Info_IsEmbeddedWithTheSnapshotDate()
    {
        var info = TestRegistry.Embedded.Info;

        info.Source.ShouldBe("embedded");
        info.Updated.ShouldBeGreaterThanOrEqualTo(new DateOnly(2022, 1, 1));
    }

    [Fact]
    public void LoadEmbedded_EntriesByProtocol_HasTheFourProtocolsWithThousandsOfRows()
    {
        var entries = TestRegistry.Embedded.EntriesByProtocol;

        entries.Keys.ShouldBe(["dccp", "sctp", "tcp", "udp"], ignoreOrder: true);
        entries["tcp"].ShouldBeGreaterThan(5000);
        entries["udp"].ShouldBeGreaterThan(5000);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Load_NoFile_IsTheEmbeddedSnapshot(string? file)
    {
        RegistryLoader.Load(file).Info.Source.ShouldBe("embedded");
    }

    [Fact]
    public void LoadFile_IanaCsv_LoadsWithThePathAsSourceAndTheNewestDate()
    {
        var path = directory.WriteFile("ports.csv", string.Join('\n',
            TestRegistry.Header,
            "ssh,22,tcp,The Secure Shell (SSH) Protocol,,,2006-01-01,2024-03-04,,,,",
            ",23,tcp,Unassigned,,,,,,,,") + "\n");

        var registry = RegistryLoader.Load(path);

        registry.Info.Source.ShouldBe(path);
        registry.Info.Updated.ShouldBe(new DateOnly(2024, 3, 4));
        registry.Classify("tcp", 22).Service.ShouldBe("ssh");
        registry.Classify("tcp", 80).Status.ShouldBe(IanaStatus.Unassigned);
    }

    [Fact]
    public void LoadFile_NoDates_UsesTheFilesModificationDate()
    {
        var path = directory.WriteFile("ports.csv", TestRegistry.Header + "\nssh,22,tcp,SSH,,,,,,,,\n");
        File.SetLastWriteTimeUtc(path, new DateTime(2023, 7, 8, 12, 0, 0, DateTimeKind.Utc));

        RegistryLoader.LoadFile(path).Info.Updated.ShouldBe(new DateOnly(2023, 7, 8));
    }

    [Fact]
    public void LoadFile_BadRow_ThrowsNamingTheFileAndTheLine()
    {
        var path = directory.WriteFile("bad.csv", TestRegistry.Header + "\nssh,22,tcp,SSH,,,,,,,,\nhttp,eighty,tcp,WWW,,,,,,,,\n");

        var error = Should.Throw<RegistryLoadException>(() => RegistryLoader.LoadFile(path));

        error.Message.ShouldContain(path);
        error.Message.ShouldContain("line 3");
        error.InnerException.ShouldBeOfType<FormatException>();
    }

    [Fact]
    public void LoadFile_NotIanasFormat_ThrowsNamingTheFile()
    {
        var path = directory.WriteFile("other.csv", "name,value\na,1\n");

        var error = Should.Throw<RegistryLoadException>(() => RegistryLoader.LoadFile(path));

        error.Message.ShouldContain(path);
        error.Message.ShouldContain("line 1");
    }

    [Fact]
    public void LoadFile_HeaderOnly_ThrowsBecauseNoRowHasAPort()
    {
        var path = directory.WriteFile("empty.csv", TestRegistry.Header + "\n");

        Should.Throw<RegistryLoadException>(() => RegistryLoader.LoadFile(path)).Message.ShouldContain("no row with a port number");
    }

    [Fact]
    public void LoadFile_MissingFile_ThrowsNamingTheFile()
    {
        var path = directory.Combine("missing.csv");

        Should.Throw<RegistryLoadException>(() => RegistryLoader.LoadFile(path)).Message.ShouldContain(path);
    }
}

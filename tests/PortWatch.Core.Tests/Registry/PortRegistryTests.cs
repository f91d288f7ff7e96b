using PortWatch.Registry;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Registry;

public sealed class PortRegistryTests
{
    [Fact]
    public void Classify_RangeRow_CoversEveryPortOfTheRange()
    {
        var registry = TestRegistry.FromRows("x11,6000-6063,tcp,X Window System,,,,,,,,");

        foreach (var port in new[] { 6000, 6001, 6032, 6063 })
        {
            registry.Classify("tcp", port).Service.ShouldBe("x11");
        }

        registry.Classify("tcp", 5999).Status.ShouldBe(IanaStatus.Unassigned);
        registry.Classify("tcp", 6064).Status.ShouldBe(IanaStatus.Unassigned);
    }

    [Fact]
    public void Classify_RowWithoutProtocol_CoversEveryProtocol()
    {
        var registry = TestRegistry.FromRows(",225-241,,Reserved,,,,,,,,");

        foreach (var protocol in new[] { "tcp", "udp", "sctp", "dccp" })
        {
            registry.Classify(protocol, 230).Status.ShouldBe(IanaStatus.Reserved);
        }
    }

    [Fact]
    public void Classify_RowForOneProtocol_DoesNotCoverTheOther()
    {
        var registry = TestRegistry.FromRows("http,80,tcp,World Wide Web HTTP,,,,,,,,");

        registry.Classify("tcp", 80).Status.ShouldBe(IanaStatus.Assigned);
        registry.Classify("udp", 80).Status.ShouldBe(IanaStatus.Unassigned);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Classify_AssignedAndReservedRowsOverlap_AssignedWinsWhicheverComesFirst(bool assignedFirst)
    {
        string[] rows = [",100-110,,Reserved,,,,,,,,", "svc,105,tcp,A service,,,,,,,,"];
        var registry = TestRegistry.FromRows(assignedFirst ? [rows[1], rows[0]] : rows);

        var classification = registry.Classify("tcp", 105);

        classification.Status.ShouldBe(IanaStatus.Assigned);
        classification.Service.ShouldBe("svc");
        classification.Description.ShouldBe("A service");
        registry.Classify("udp", 105).Status.ShouldBe(IanaStatus.Reserved);
        registry.Classify("tcp", 104).Status.ShouldBe(IanaStatus.Reserved);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Classify_AssignedAndUnassignedRowsOverlap_AssignedWinsWhicheverComesFirst(bool assignedFirst)
    {
        string[] rows = [",7,tcp,Unassigned,,,,,,,,", "echo,7,,Echo,,,,,,,,"];
        var registry = TestRegistry.FromRows(assignedFirst ? [rows[1], rows[0]] : rows);

        registry.Classify("tcp", 7).Service.ShouldBe("echo");
    }

    [Fact]
    public void Classify_ReservedPrivateAndUnassignedOverlap_ReservedBeatsPrivateBeatsUnassigned()
    {
        var registry = TestRegistry.FromRows(
            ",10-20,tcp,Unassigned,,,,,,,,",
            ",15-20,tcp,any private thing,,,,,,,,",
            ",18,tcp,Reserved,,,,,,,,");

        registry.Classify("tcp", 12).Status.ShouldBe(IanaStatus.Unassigned);
        registry.Classify("tcp", 16).Status.ShouldBe(IanaStatus.Private);
        registry.Classify("tcp", 18).Status.ShouldBe(IanaStatus.Reserved);
    }

    [Fact]
    public void Classify_SeveralAssignedRows_TheFirstNameIsPrimary()
    {
        var registry = TestRegistry.FromRows(
            "http,80,tcp,World Wide Web HTTP,,,,,,,,",
            "www,80,tcp,World Wide Web HTTP,,,,,,,,",
            "www-http,80,tcp,World Wide Web HTTP,,,,,,,,");

        registry.Classify("tcp", 80).Service.ShouldBe("http");
    }

    [Fact]
    public void Classify_DynamicRange_IsAlwaysUnassigned()
    {
        var registry = TestRegistry.FromRows("fake,50000,tcp,Claims a dynamic port,,,,,,,,", ",49152-65535,,Reserved,,,,,,,,");

        var classification = registry.Classify("tcp", 50000);

        classification.Range.ShouldBe(PortRange.Dynamic);
        classification.Status.ShouldBe(IanaStatus.Unassigned);
        classification.Service.ShouldBe("none");
        registry.Classify("udp", 65535).Status.ShouldBe(IanaStatus.Unassigned);
    }

    [Fact]
    public void Classify_PortWithoutRow_IsUnassignedWithEmptyDescription()
    {
        var classification = TestRegistry.FromRows("http,80,tcp,World Wide Web HTTP,,,,,,,,").Classify("tcp", 81);

        classification.ShouldBe(new PortClassification("tcp", 81, PortRange.System, IanaStatus.Unassigned, "none", "", ""));
    }

    [Fact]
    public void Classify_UnassignedRow_KeepsItsDescriptionButNoService()
    {
        var classification = TestRegistry.FromRows(",12,tcp,Unassigned,,,,,,,,").Classify("tcp", 12);

        classification.Service.ShouldBe("none");
        classification.Description.ShouldBe("Unassigned");
    }

    [Fact]
    public void Classify_UnauthorizedUse_IsCarried()
    {
        var registry = TestRegistry.Small();

        registry.Classify("tcp", 6003).UnauthorizedUse.ShouldBe("Known Unauthorized Use on port 6003");
        registry.Classify("tcp", 22).UnauthorizedUse.ShouldBe("");
    }

    [Theory]
    [InlineData(0, PortRangeLabel.System)]
    [InlineData(1023, PortRangeLabel.System)]
    [InlineData(1024, PortRangeLabel.User)]
    [InlineData(49151, PortRangeLabel.User)]
    [InlineData(49152, PortRangeLabel.Dynamic)]
    [InlineData(65535, PortRangeLabel.Dynamic)]
    public void Classify_Port_GivesItsRange(int port, string range)
    {
        TestRegistry.Small().Classify("tcp", port).Range.ToLabel().ShouldBe(range);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public void Classify_PortOutOfRange_Throws(int port)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => TestRegistry.Small().Classify("tcp", port));
    }

    [Fact]
    public void Classify_UnknownProtocol_IsUnassigned()
    {
        var registry = TestRegistry.Small();

        registry.KnowsProtocol("quic").ShouldBeFalse();
        registry.Classify("quic", 22).Status.ShouldBe(IanaStatus.Unassigned);
    }

    [Fact]
    public void KnowsProtocol_BaseProtocolsAndThoseOfTheFile_AreKnown()
    {
        var registry = TestRegistry.FromRows("x,1,newproto,x,,,,,,,,");

        registry.KnowsProtocol("tcp").ShouldBeTrue();
        registry.KnowsProtocol("udp").ShouldBeTrue();
        registry.KnowsProtocol("sctp").ShouldBeTrue();
        registry.KnowsProtocol("dccp").ShouldBeTrue();
        registry.KnowsProtocol("newproto").ShouldBeTrue();
    }

    [Fact]
    public void EntriesByProtocol_Rows_CountRangesOnceAndProtocolLessRowsForEach()
    {
        var registry = TestRegistry.FromRows(
            "a,1,tcp,x,,,,,,,,",
            "b,2-100,tcp,x,,,,,,,,",
            "c,3,udp,x,,,,,,,,",
            ",4,,Reserved,,,,,,,,",
            "d,5,sctp,x,,,,,,,,");

        registry.EntriesByProtocol.ShouldBe(new Dictionary<string, int>
        {
            ["dccp"] = 1,
            ["sctp"] = 2,
            ["tcp"] = 3,
            ["udp"] = 2,
        });
        registry.EntriesByProtocol.Keys.ShouldBe(["dccp", "sctp", "tcp", "udp"]);
    }

    private static class PortRangeLabel
    {
        public const string System = "system";
        public const string User = "user";
        public const string Dynamic = "dynamic";
    }
}

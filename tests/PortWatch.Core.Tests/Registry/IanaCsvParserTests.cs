using PortWatch.Registry;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Core.Tests.Registry;

public sealed class IanaCsvParserTests
{
    [Fact]
    public void Parse_IanaRows_GiveRecordsWithLineNumbers()
    {
        var document = TestRegistry.Parse(
            "ssh,22,tcp,The Secure Shell (SSH) Protocol,[Tatu_Ylonen],[Tatu_Ylonen],,,[RFC4251],,,Defined TXT keys: u=<username> p=<password>",
            ",12,udp,Unassigned,,,,,,,,");

        document.Records.ShouldBe(
        [
            new IanaRecord(2, "ssh", 22, 22, "tcp", "The Secure Shell (SSH) Protocol", "", IanaStatus.Assigned),
            new IanaRecord(3, "", 12, 12, "udp", "Unassigned", "", IanaStatus.Unassigned),
        ]);
    }

    [Fact]
    public void Parse_ColumnsInAnotherOrderWithExtraColumns_FindsColumnsByName()
    {
        const string Csv = """
            Extra,Description,Port Number,Known Unauthorized Uses,Transport Protocol,Service Name
            zzz,X Window System,6000-6063,Known Unauthorized Use on port 6003,TCP,x11

            """;

        var record = IanaCsvParser.Parse(new StringReader(Csv)).Records.ShouldHaveSingleItem();

        record.ShouldBe(new IanaRecord(2, "x11", 6000, 6063, "tcp", "X Window System", "Known Unauthorized Use on port 6003", IanaStatus.Assigned));
    }

    [Fact]
    public void Parse_HeaderNamesInOtherCaseAndSpaced_AreFound()
    {
        var document = IanaCsvParser.Parse(new StringReader(" service name ,PORT NUMBER,transport protocol,description\nhttp,80,tcp,WWW\n"));

        document.Records.ShouldHaveSingleItem().ServiceName.ShouldBe("http");
    }

    [Fact]
    public void Parse_Range_GivesFirstAndLastPort()
    {
        var record = TestRegistry.Parse(",225-241,,Reserved,,,,,,,,").Records.ShouldHaveSingleItem();

        record.FirstPort.ShouldBe(225);
        record.LastPort.ShouldBe(241);
        record.Protocol.ShouldBeNull();
        record.Status.ShouldBe(IanaStatus.Reserved);
        record.Covers("udp").ShouldBeTrue();
        record.Covers("sctp").ShouldBeTrue();
    }

    [Fact]
    public void Parse_RowsWithoutPort_AreLeftOut()
    {
        var document = TestRegistry.Parse(
            "zigbee-gateway,,tcp,ZigBee IP Gateway,,,2013-05-28,,,,,",
            "http,80,tcp,World Wide Web HTTP,,,,,,,,",
            "",
            "short,");

        document.Records.ShouldHaveSingleItem().ServiceName.ShouldBe("http");
    }

    [Theory]
    [InlineData("http,eighty,tcp,x,,,,,,,,", "\"eighty\"")]
    [InlineData("http,65536,tcp,x,,,,,,,,", "\"65536\"")]
    [InlineData("http,90-80,tcp,x,,,,,,,,", "\"90-80\"")]
    [InlineData("http,-1,tcp,x,,,,,,,,", "\"-1\"")]
    [InlineData("http,80-,tcp,x,,,,,,,,", "\"80-\"")]
    [InlineData("http,1 2,tcp,x,,,,,,,,", "\"1 2\"")]
    public void Parse_BadPort_ThrowsNamingTheLineAndValue(string row, string quoted)
    {
        var error = Should.Throw<FormatException>(() => TestRegistry.Parse("ok,1,tcp,x,,,,,,,,", row));

        error.Message.ShouldStartWith("line 3, field 2 (Port Number):");
        error.Message.ShouldContain(quoted);
    }

    [Fact]
    public void Parse_BadProtocol_ThrowsNamingTheLine()
    {
        var error = Should.Throw<FormatException>(() => TestRegistry.Parse("x,1,t-c-p,x,,,,,,,,"));

        error.Message.ShouldStartWith("line 2, field 3 (Transport Protocol):");
        error.Message.ShouldContain("t-c-p");
    }

    [Fact]
    public void Parse_ProtocolInUpperCase_IsLowerCased()
    {
        TestRegistry.Parse("x,1,UDP,x,,,,,,,,").Records.ShouldHaveSingleItem().Protocol.ShouldBe("udp");
    }

    [Fact]
    public void Parse_MissingRequiredColumn_ThrowsNamingIt()
    {
        var error = Should.Throw<FormatException>(() => IanaCsvParser.Parse(new StringReader("Service Name,Port Number,Description\n")));

        error.Message.ShouldStartWith("line 1:");
        error.Message.ShouldContain("\"Transport Protocol\"");
    }

    [Fact]
    public void Parse_EmptyFile_Throws()
    {
        Should.Throw<FormatException>(() => IanaCsvParser.Parse(new StringReader(""))).Message.ShouldStartWith("line 1:");
    }

    [Fact]
    public void Parse_Dates_LatestOfRegistrationAndModificationDates()
    {
        var document = TestRegistry.Parse(
            "a,1,tcp,x,,,2019-04-01,2024-11-30,,,,",
            "b,2,tcp,x,,,2025-02-03,,,,,",
            "c,,tcp,x,,,2025-06-07,,,,,",
            "d,4,tcp,x,,,2001-05,not a date,,,,");

        // Rows without a port still tell how current the file is.
        document.LatestDate.ShouldBe(new DateOnly(2025, 6, 7));
    }

    [Fact]
    public void Parse_NoDates_LatestDateIsNull()
    {
        TestRegistry.Parse("a,1,tcp,x,,,,,,,,").LatestDate.ShouldBeNull();
    }

    [Fact]
    public void Parse_MultiLineQuotedField_LaterRowsNameTheirOwnLine()
    {
        var error = Should.Throw<FormatException>(() => TestRegistry.Parse(
            "www-http,80,tcp,World Wide Web HTTP,,,,,,,,\"a note\nover two lines\"",
            "bad,xx,tcp,x,,,,,,,,"));

        error.Message.ShouldStartWith("line 4, field 2 (Port Number):");
    }

    [Theory]
    [InlineData("http", "World Wide Web HTTP", IanaStatusLabel.Assigned)]
    [InlineData("http", "Reserved", IanaStatusLabel.Assigned)]
    [InlineData("", "Reserved", IanaStatusLabel.Reserved)]
    [InlineData("", "IANA Reserved", IanaStatusLabel.Reserved)]
    [InlineData("", "reserved for future use", IanaStatusLabel.Reserved)]
    [InlineData("", "any private mail system", IanaStatusLabel.Private)]
    [InlineData("", "Any private terminal access", IanaStatusLabel.Private)]
    [InlineData("", "Unassigned", IanaStatusLabel.Unassigned)]
    [InlineData("", "De-registered", IanaStatusLabel.Unassigned)]
    [InlineData("", "Removed 2006-08-15", IanaStatusLabel.Unassigned)]
    [InlineData("", "", IanaStatusLabel.Unassigned)]
    [InlineData("sua", "De-Registered", IanaStatusLabel.Unassigned)]
    [InlineData("old", "Removed", IanaStatusLabel.Unassigned)]
    public void StatusOf_NameAndDescription_GivesStatus(string serviceName, string description, string status)
    {
        IanaCsvParser.StatusOf(serviceName, description).ToLabel().ShouldBe(status);
    }

    private static class IanaStatusLabel
    {
        public const string Assigned = "assigned";
        public const string Reserved = "reserved";
        public const string Private = "private";
        public const string Unassigned = "unassigned";
    }
}

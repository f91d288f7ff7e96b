using System.Text.Json;
using PortWatch.Cli;
using PortWatch.Configuration;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Cli;

public sealed class LookupCommandTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Run_SpecExamplesAsJson_ClassifyAsTheSpecSays()
    {
        using var json = RunJson("12/tcp", "1200/tcp", "80/tcp", "6001/tcp", "24/tcp", "225/udp", "50000/tcp");

        json.RootElement.ValueKind.ShouldBe(JsonValueKind.Array);
        json.RootElement.EnumerateArray().Select(e => (
                e.GetProperty("protocol").GetString(),
                e.GetProperty("port").GetInt32(),
                e.GetProperty("range").GetString(),
                e.GetProperty("iana_status").GetString(),
                e.GetProperty("iana_service").GetString()))
            .ShouldBe(
            [
                ("tcp", 12, "system", "unassigned", "none"),
                ("tcp", 1200, "user", "assigned", "scol"),
                ("tcp", 80, "system", "assigned", "http"),
                ("tcp", 6001, "user", "assigned", "x11"),
                ("tcp", 24, "system", "private", "none"),
                ("udp", 225, "system", "reserved", "none"),
                ("tcp", 50000, "dynamic", "unassigned", "none"),
            ]);
    }

    [Fact]
    public void Run_Json_HasExactlyTheSpecFieldNamesWithPortANumber()
    {
        using var json = RunJson("6003/tcp");

        var entry = json.RootElement.EnumerateArray().ShouldHaveSingleItem();
        entry.EnumerateObject().Select(p => p.Name).ShouldBe(
            ["protocol", "port", "range", "iana_status", "iana_service", "iana_description", "iana_unauthorized_use"]);
        entry.GetProperty("port").ValueKind.ShouldBe(JsonValueKind.Number);
        entry.GetProperty("iana_description").GetString().ShouldBe("X Window System");
        entry.GetProperty("iana_unauthorized_use").GetString().ShouldBe("Known Unauthorized Use on port 6003");
    }

    [Fact]
    public void Run_PortWithoutProtocol_GivesTcpAndUdp()
    {
        using var json = RunJson("53");

        json.RootElement.EnumerateArray().Select(e => (e.GetProperty("protocol").GetString(), e.GetProperty("iana_service").GetString()))
            .ShouldBe([("tcp", "domain"), ("udp", "domain")]);
    }

    [Fact]
    public void Run_ProtocolInUpperCaseOrSctp_IsAccepted()
    {
        using var json = RunJson("22/TCP", "80/sctp");

        json.RootElement.EnumerateArray().Select(e => (e.GetProperty("protocol").GetString(), e.GetProperty("iana_service").GetString()))
            .ShouldBe([("tcp", "ssh"), ("sctp", "http")]);
    }

    [Theory]
    [InlineData("http", "the port must be 0-65535")]
    [InlineData("65536", "the port must be 0-65535")]
    [InlineData("-1", "the port must be 0-65535")]
    [InlineData("/tcp", "the port must be 0-65535")]
    [InlineData("80/quic", "unknown protocol \"quic\"")]
    [InlineData("80/", "unknown protocol \"\"")]
    public void Run_BadArgument_ThrowsConfigExceptionNamingIt(string argument, string what)
    {
        var error = Should.Throw<ConfigException>(() => LookupCommand.Run(new PortWatchSettings(), [argument], OutputFormat.Json, new StringWriter()));

        error.Message.ShouldStartWith($"\"{argument}\" is not PORT[/PROTO]");
        error.Message.ShouldContain(what);
    }

    [Fact]
    public void Run_Table_HasAHeaderARowEachAndTheUnauthorizedUseNote()
    {
        using var output = new StringWriter();

        LookupCommand.Run(new PortWatchSettings(), ["6003/tcp", "22/tcp"], OutputFormat.Table, output).ShouldBe(0);

        var lines = output.ToString().Split('\n');
        lines[0].ShouldStartWith("PORT");
        lines[0].ShouldContain("DESCRIPTION");
        lines[1].ShouldStartWith("6003");
        lines[1].ShouldContain("x11");
        lines[2].ShouldStartWith("22");
        lines[3].ShouldBe("note: 6003/tcp: IANA lists unauthorized use: Known Unauthorized Use on port 6003");
    }

    [Fact]
    public void Run_RegistryFile_IsUsedInsteadOfTheSnapshot()
    {
        var path = directory.WriteFile("ports.csv", TestRegistry.Header + "\nmine,12,tcp,My service,,,,,,,,\n");
        var settings = new PortWatchSettings();
        settings.Registry.File = path;
        using var output = new StringWriter();

        LookupCommand.Run(settings, ["12/tcp"], OutputFormat.Json, output);

        using var json = JsonDocument.Parse(output.ToString());
        json.RootElement[0].GetProperty("iana_service").GetString().ShouldBe("mine");
    }

    private static JsonDocument RunJson(params string[] arguments)
    {
        using var output = new StringWriter();
        LookupCommand.Run(new PortWatchSettings(), arguments, OutputFormat.Json, output).ShouldBe(0);
        output.ToString().ShouldEndWith("]\n");
        return JsonDocument.Parse(output.ToString());
    }
}

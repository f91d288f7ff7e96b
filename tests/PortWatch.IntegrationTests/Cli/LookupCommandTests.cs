using System.Text.Json;
using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Cli;

public sealed class LookupCommandTests
{
    [Fact]
    public async Task Lookup_IssueExamples_ClassifiedAsSpecSays()
    {
        var (exitCode, stdout, stderr) = await ProcessRunner.PortwatchAsync(
            "lookup", "12/tcp", "1200/tcp", "80/tcp", "6001/tcp", "24/tcp", "225/udp", "50000/tcp", "--output", "json");

        exitCode.ShouldBe(0, stderr);
        var results = JsonDocument.Parse(stdout).RootElement.EnumerateArray()
            .Select(e => (e.GetProperty("port").GetInt32(), e.GetProperty("protocol").GetString(), e.GetProperty("iana_status").GetString(), e.GetProperty("iana_service").GetString()))
            .ToList();
        results.ShouldBe(
        [
            (12, "tcp", "unassigned", "none"),
            (1200, "tcp", "assigned", "scol"),
            (80, "tcp", "assigned", "http"),
            (6001, "tcp", "assigned", "x11"),
            (24, "tcp", "private", "none"),
            (225, "udp", "reserved", "none"),
            (50000, "tcp", "unassigned", "none"),
        ]);
    }

    [Fact]
    public async Task Lookup_RegistryFile_ClassifiesWithThatFile()
    {
        var csv = Path.Combine(Path.GetTempPath(), $"portwatch-registry-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv,
            "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,Modification Date,Reference,Service Code,Known Unauthorized Uses,Assignment Notes\r\n" +
            "newsvc,12,tcp,\"A service, assigned later\",,,2027-01-02,,,,,\r\n");
        try
        {
            var (exitCode, stdout, stderr) = await ProcessRunner.PortwatchAsync("lookup", "12/tcp", "--output", "json", $"--registry.file={csv}");

            exitCode.ShouldBe(0, stderr);
            var result = JsonDocument.Parse(stdout).RootElement.EnumerateArray().ShouldHaveSingleItem();
            result.GetProperty("iana_status").GetString().ShouldBe("assigned");
            result.GetProperty("iana_service").GetString().ShouldBe("newsvc");
            result.GetProperty("iana_description").GetString().ShouldBe("A service, assigned later");
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public async Task Lookup_BadRegistryFile_ExitsTwoNamingFileAndLine()
    {
        var csv = Path.Combine(Path.GetTempPath(), $"portwatch-registry-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, "Service Name,Port Number,Transport Protocol,Description\nx,80,tcp,ok\ny,eighty,tcp,bad\n");
        try
        {
            var (exitCode, _, stderr) = await ProcessRunner.PortwatchAsync("lookup", "12/tcp", $"--registry.file={csv}");

            exitCode.ShouldBe(2);
            stderr.ShouldContain(csv);
            stderr.ShouldContain("line 3");
        }
        finally
        {
            File.Delete(csv);
        }
    }
}

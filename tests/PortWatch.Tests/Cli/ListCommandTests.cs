using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using PortWatch.Cli;
using PortWatch.Configuration;
using PortWatch.Listeners;
using PortWatch.Registry;
using PortWatch.Scanning;
using PortWatch.Sockets;
using PortWatch.State;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Cli;

public sealed class ListCommandTests : IDisposable
{
    private readonly FakeProcFs proc = new();
    private readonly TempDirectory directory = new();
    private readonly PortWatchSettings settings = new();

    public ListCommandTests()
    {
        settings.Scan.ProcFsPath = proc.Path;
        proc.SetTable("tcp", ProcNetLine.Format(0, "0.0.0.0", 22, ProcNetLine.Listen, 100), ProcNetLine.Format(1, "127.0.0.1", 12, ProcNetLine.Listen, 101))
            .SetTable("udp6", ProcNetLine.Format(0, "::1", 53, ProcNetLine.UdpUnconnected, 102))
            .AddProcess(700, "sshd", 100)
            .AddProcess(701, "sshd", 100)
            .SetCgroup(700, "0::/system.slice/sshd.service\n")
            .SetCgroup(701, "0::/system.slice/sshd.service\n")
            .AddProcess(800, Encoding.UTF8.GetBytes("evil\"\\\n\n"), 101);
    }

    public void Dispose()
    {
        proc.Dispose();
        directory.Dispose();
    }

    [Fact]
    public void Run_Json_HasTheSpecFieldNamesAndValues()
    {
        using var json = RunJson();

        var listeners = json.RootElement.EnumerateArray().ToList();
        listeners.Count.ShouldBe(3);
        var ssh = listeners[1];
        ssh.EnumerateObject().Select(p => p.Name).ShouldBe(
        [
            "protocol", "family", "address", "port", "netns", "exposure", "reachable", "range", "iana_status", "iana_service", "process", "executable", "unit", "container", "pod", "k8s_namespace", "expected",
            "processes", "first_seen", "iana_description", "iana_unauthorized_use",
        ]);
        ssh.GetProperty("protocol").GetString().ShouldBe("tcp");
        ssh.GetProperty("family").GetString().ShouldBe("ipv4");
        ssh.GetProperty("address").GetString().ShouldBe("0.0.0.0");
        ssh.GetProperty("port").ValueKind.ShouldBe(JsonValueKind.Number);
        ssh.GetProperty("port").GetInt32().ShouldBe(22);
        ssh.GetProperty("exposure").GetString().ShouldBe("wildcard");
        ssh.GetProperty("range").GetString().ShouldBe("system");
        ssh.GetProperty("iana_status").GetString().ShouldBe("assigned");
        ssh.GetProperty("iana_service").GetString().ShouldBe("ssh");
        ssh.GetProperty("process").GetString().ShouldBe("sshd");
        ssh.GetProperty("expected").ValueKind.ShouldBe(JsonValueKind.False);
        ssh.GetProperty("processes").EnumerateArray().Select(p => (p.GetProperty("pid").GetInt32(), p.GetProperty("name").GetString()))
            .ShouldBe([(700, "sshd"), (701, "sshd")]);
    }

    [Fact]
    public void Run_Json_FirstSeenIsRfc3339Utc()
    {
        using var json = RunJson();

        foreach (var listener in json.RootElement.EnumerateArray())
        {
            var text = listener.GetProperty("first_seen").GetString().ShouldNotBeNull();
            text.ShouldMatch(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$");
            DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _).ShouldBeTrue();
        }
    }

    [Fact]
    public void Run_Json_ListenersAreSortedAndUnknownOwnersSayUnknown()
    {
        using var json = RunJson();

        json.RootElement.EnumerateArray().Select(l => $"{l.GetProperty("protocol").GetString()} {l.GetProperty("address").GetString()} {l.GetProperty("port").GetInt32()} {l.GetProperty("process").GetString()}")
            .ShouldBe(["tcp 127.0.0.1 12 evil\"\\x5c\\x0a", "tcp 0.0.0.0 22 sshd", "udp ::1 53 unknown"]);
        json.RootElement[2].GetProperty("processes").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public void Run_ExpectedFromSettings_IsTrueForMatches()
    {
        settings.Scan.Expected = [new PortWatch.Listeners.ExpectedListener(TransportProtocol.Tcp, 22, 22, "sshd", null)];

        using var json = RunJson();

        json.RootElement.EnumerateArray().Select(l => l.GetProperty("expected").GetBoolean()).ShouldBe([false, true, false]);
    }

    [Fact]
    public void Run_StateFile_GivesFirstSeenFromItAndIsNotWritten()
    {
        var firstSeen = new DateTimeOffset(2025, 12, 24, 18, 30, 15, 250, TimeSpan.Zero);
        var key = new ListenerKey(TransportProtocol.Tcp, IpFamily.IPv4, IPAddress.Any, 22);
        var path = directory.Combine("state.json");
        StateFile.Save(path, new ListenerHistory(firstSeen, [new(key, new ListenerSighting(firstSeen, firstSeen))]));
        var before = File.ReadAllBytes(path);
        settings.State.File = path;

        using var json = RunJson();

        json.RootElement[1].GetProperty("first_seen").GetString().ShouldBe("2025-12-24T18:30:15.250Z");
        File.ReadAllBytes(path).ShouldBe(before);
    }

    [Theory]
    [InlineData("{\"version\": 1, \"listeners\": [", "not a valid state record")]
    [InlineData("{\"version\": 99, \"baseline\": \"2025-01-01T00:00:00Z\", \"listeners\": []}", "version 99 is not supported")]
    public void Run_StateFileThatCannotBeRead_ListsTheListenersWithAWarningAndLeavesTheFileAsItIs(string content, string reason)
    {
        var path = directory.Combine("state.json");
        File.WriteAllText(path, content);
        settings.State.File = path;
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        ListCommand.Run(settings, OutputFormat.Json, stdout, stderr).ShouldBe(0);

        using var json = JsonDocument.Parse(stdout.ToString());
        json.RootElement.GetArrayLength().ShouldBe(3);
        stderr.ToString().ShouldStartWith($"portwatch: warning: state file {path}");
        stderr.ToString().ShouldContain(reason);
        stderr.ToString().ShouldContain("the file is left as it is");
        File.ReadAllText(path).ShouldBe(content);
        Directory.GetFiles(directory.Path).ShouldBe([path]);
    }

    [Fact]
    public void Run_Json_EveryLabelValueIsTheMappingsValue()
    {
        var scan = ScannerFactory.Create(settings.Scan, settings.State, RegistryLoader.LoadEmbedded(), new ListenerHistory(), TimeProvider.System)
            .Scan(TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(ListCommand.Json(scan.Listeners));

        var entries = json.RootElement.EnumerateArray().ToList();
        entries.Count.ShouldBe(scan.Listeners.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            foreach (var label in ListenerLabels.Info)
            {
                var property = entries[i].GetProperty(label.Name);
                var text = property.ValueKind == JsonValueKind.String ? property.GetString() : property.GetRawText();
                text.ShouldBe(label.Value(scan.Listeners[i]), label.Name);
            }
        }
    }

    [Fact]
    public void Run_Table_HasAHeaderAndARowEachWithPids()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        ListCommand.Run(settings, OutputFormat.Table, stdout, stderr).ShouldBe(0);

        var lines = stdout.ToString().TrimEnd('\n').Split('\n');
        lines.Length.ShouldBe(4);
        lines[0].ShouldStartWith("PROTO");
        lines[0].ShouldContain("FIRST SEEN");
        lines[0].ShouldMatch("^PROTO +ADDRESS +PORT +NETNS +EXPOSURE +RANGE +STATUS +SERVICE +PROCESS +EXECUTABLE +UNIT +CONTAINER +POD +EXPECTED +PID +FIRST SEEN$");
        lines[2].ShouldMatch(@"^tcp +0\.0\.0\.0 +22 +host +wildcard +system +assigned +ssh +sshd +unknown +sshd\.service +none +none +false +700,701 +\d{4}-");
        lines[3].ShouldMatch(@"^udp +::1 +53 +host +loopback +system +assigned +domain +unknown +none +unknown +unknown +unknown +false +- +");
        stderr.ToString().ShouldBeEmpty();
    }

    [Fact]
    public void Run_TcpTableMissing_FailsWithExitCodeOneAndSaysWhy()
    {
        proc.RemoveTable("tcp");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        ListCommand.Run(settings, OutputFormat.Json, stdout, stderr).ShouldBe(1);

        stdout.ToString().ShouldBeEmpty();
        stderr.ToString().ShouldStartWith("portwatch: error: scan failed in stage enumerate: ");
        stderr.ToString().ShouldContain("net/tcp does not exist");
    }

    [Fact]
    public void Run_NoListeners_PrintsAnEmptyJsonArray()
    {
        proc.SetTable("tcp").SetTable("udp6");

        using var json = RunJson();

        json.RootElement.GetArrayLength().ShouldBe(0);
    }

    private JsonDocument RunJson()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        ListCommand.Run(settings, OutputFormat.Json, stdout, stderr).ShouldBe(0);
        stderr.ToString().ShouldBeEmpty();
        return JsonDocument.Parse(stdout.ToString());
    }
}

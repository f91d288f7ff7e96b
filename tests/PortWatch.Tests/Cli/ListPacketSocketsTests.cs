using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using PortWatch.Cli;
using PortWatch.Configuration;
using PortWatch.Scanning;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Cli;

/// <summary>
/// <c>portwatch list</c> with real packet and raw sockets opened in this process (as root): <c>--packet-sockets</c>
/// prints them (JSON and table), the plain table lists them under the listeners, the plain JSON stays the listeners'.
/// </summary>
public sealed class ListPacketSocketsTests : IDisposable
{
    private static readonly string Pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
    private readonly PacketSocketsForTest opened = new();
    private readonly PortWatchSettings settings = new();

    public ListPacketSocketsTests()
    {
        settings.Scan.Namespaces = NamespaceMode.Host;
        opened.Packet(PacketSocketsForTest.EthPAll, filter: true);
        opened.Packet(PacketSocketsForTest.EthPAll, filter: true);
        opened.Packet(PacketSocketsForTest.EthPArp);
        opened.Raw(AddressFamily.InterNetwork, ProtocolType.Icmp);
    }

    public void Dispose() => opened.Dispose();

    [Fact]
    public void Run_PacketSocketsJson_IsAnArrayOfTheSeriesWithEveryLabelTheCountAndTheOwners()
    {
        var ours = Ours(JsonDocument.Parse(Run(OutputFormat.Json, packetSockets: true)).RootElement);

        ours.Select(s => string.Join(' ', s.GetProperty("kind").GetString(), s.GetProperty("protocol").GetString(), s.GetProperty("interface").GetString(),
                s.GetProperty("filter").GetString(), s.GetProperty("sockets").GetInt32().ToString(CultureInfo.InvariantCulture)))
            .ShouldBe(["packet all any bpf 2", "packet arp any none 1", "raw icmp unknown unknown 1"]);
        var first = ours[0];
        first.EnumerateObject().Select(p => p.Name).ShouldBe(
        [
            "kind", "netns", "protocol", "interface", "filter", "process", "executable", "unit", "container", "pod", "k8s_namespace", "expected",
            "sockets", "processes", "first_seen",
        ]);
        first.GetProperty("netns").GetString().ShouldBe("host");
        first.GetProperty("expected").ValueKind.ShouldBe(JsonValueKind.False);
        var process = first.GetProperty("processes").EnumerateArray().ShouldHaveSingleItem();
        process.EnumerateObject().Select(p => p.Name).ShouldBe(["pid", "name", "exe", "executable"]);
        process.GetProperty("pid").GetInt32().ShouldBe(Environment.ProcessId);
        process.GetProperty("name").GetString().ShouldBe(first.GetProperty("process").GetString());
        process.GetProperty("exe").GetString().ShouldBe(new FileInfo("/proc/self/exe").LinkTarget);
        process.GetProperty("executable").GetString().ShouldBe(first.GetProperty("executable").GetString());
        DateTimeOffset.Parse(first.GetProperty("first_seen").GetString()!, CultureInfo.InvariantCulture)
            .ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public void Run_PlainJson_IsStillTheListenersOnly()
    {
        var listed = JsonDocument.Parse(Run(OutputFormat.Json, packetSockets: false)).RootElement.EnumerateArray().ToList();

        listed.ShouldNotBeEmpty();
        listed.All(entry => entry.TryGetProperty("port", out _) && !entry.TryGetProperty("kind", out _)).ShouldBeTrue();
    }

    [Fact]
    public void Run_Table_ListsThePacketSocketsUnderTheListeners_AndAloneWithTheFlag()
    {
        var plain = Run(OutputFormat.Table, packetSockets: false).Split('\n');
        var alone = Run(OutputFormat.Table, packetSockets: true).Split('\n');

        const string header = "^KIND +NETNS +PROTOCOL +INTERFACE +FILTER +PROCESS +EXECUTABLE +UNIT +CONTAINER +POD +K8S NAMESPACE +EXPECTED +SOCKETS +PID$";
        plain[0].ShouldStartWith("PROTO ");
        var blank = Array.IndexOf(plain, "");
        plain[blank + 1].ShouldMatch(header);
        alone[0].ShouldMatch(header);
        foreach (var lines in new[] { plain[(blank + 1)..], alone })
        {
            lines.Where(l => l.EndsWith(" " + Pid, StringComparison.Ordinal)).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where((_, i) => i is 0 or 2 or 3 or 4 or 12)))
                .ShouldBe(["packet all any bpf 2", "packet arp any none 1", "raw icmp unknown unknown 1"]);
        }
    }

    [Fact]
    public void Parse_PacketSocketsFlag_IsForListOnlyAndTakesNoValue()
    {
        CommandLineParser.Parse(["list", "--packet-sockets", "--output=json"]).PacketSockets.ShouldBeTrue();
        CommandLineParser.Parse(["list"]).PacketSockets.ShouldBeFalse();
        Should.Throw<ConfigException>(() => CommandLineParser.Parse(["lookup", "22", "--packet-sockets"]))
            .Message.ShouldBe("flag --packet-sockets applies to list only, not to 'portwatch lookup'");
        Should.Throw<ConfigException>(() => CommandLineParser.Parse(["--packet-sockets"])).Message.ShouldStartWith("flag --packet-sockets applies to list only");
        Should.Throw<ConfigException>(() => CommandLineParser.Parse(["list", "--packet-sockets=true"])).Message.ShouldBe("flag --packet-sockets takes no value");
    }

    /// <summary>The entries this process owns, in the listing's order.</summary>
    private static List<JsonElement> Ours(JsonElement array) =>
        [.. array.EnumerateArray().Where(s => s.GetProperty("processes").EnumerateArray().Any(p => p.GetProperty("pid").GetInt32() == Environment.ProcessId))];

    private string Run(OutputFormat output, bool packetSockets)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        ListCommand.Run(settings, output, stdout, stderr, packetSockets).ShouldBe(0, stderr.ToString());
        return stdout.ToString();
    }
}

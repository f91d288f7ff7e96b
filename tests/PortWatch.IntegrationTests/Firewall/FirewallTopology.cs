using System.Text.Json;
using PortWatch.IntegrationTests.Infrastructure;

namespace PortWatch.IntegrationTests.Firewall;

/// <summary>
/// Two network namespaces the test makes: a "host" (198.18.0.1/24 on its veth) whose ruleset the test loads, and an
/// "outside" at the veth's other end with two source addresses (198.18.0.10 and 198.18.0.20). Nothing leaves them; the
/// real host's ruleset and links are never touched.
/// </summary>
internal sealed class FirewallTopology : IAsyncDisposable
{
    public const string HostAddress = "198.18.0.1";
    public const string Allowed = "198.18.0.10";
    public const string Other = "198.18.0.20";

    private FirewallTopology(NetworkNamespace host, NetworkNamespace outside) => (Host, Outside) = (host, outside);

    public NetworkNamespace Host { get; }

    public NetworkNamespace Outside { get; }

    public static async Task<FirewallTopology> CreateAsync()
    {
        var host = await NetworkNamespace.CreateAsync();
        var outside = await NetworkNamespace.CreateAsync();
        var topology = new FirewallTopology(host, outside);
        await Run("ip", "netns", "exec", host.Name, "ip", "link", "add", "vh", "type", "veth", "peer", "name", "vo", "netns", outside.Name);
        await Run("ip", "netns", "exec", host.Name, "ip", "address", "add", $"{HostAddress}/24", "dev", "vh");
        await Run("ip", "netns", "exec", host.Name, "ip", "link", "set", "vh", "up");
        await Run("ip", "netns", "exec", outside.Name, "ip", "address", "add", $"{Allowed}/24", "dev", "vo");
        await Run("ip", "netns", "exec", outside.Name, "ip", "address", "add", $"{Other}/24", "dev", "vo");
        await Run("ip", "netns", "exec", outside.Name, "ip", "link", "set", "vo", "up");
        return topology;
    }

    /// <summary>Loads a ruleset into the host namespace with the real nft (after flushing what was there).</summary>
    public async Task LoadAsync(string ruleset)
    {
        var (exitCode, _, stderr) = await ProcessRunner.RunAsync("ip", ["netns", "exec", Host.Name, "nft", "-f", "-"], stdin: "flush ruleset\n" + ruleset);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"nft -f: {stderr}");
        }
    }

    /// <summary><c>portwatch list --output json</c> run inside the host namespace (its own namespace is "host" there).</summary>
    public async Task<JsonElement[]> ListAsync()
    {
        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync(
            "ip", ["netns", "exec", Host.Name, RepositoryPaths.Dotnet, RepositoryPaths.Exporter, "list", "--output", "json", "--scan.namespaces", "host"]);
        return exitCode == 0
            ? [.. JsonDocument.Parse(stdout).RootElement.EnumerateArray().Select(e => e.Clone())]
            : throw new InvalidOperationException($"portwatch list exited with {exitCode}: {stderr}");
    }

    /// <summary>
    /// A real connection attempt from the outside namespace, from <paramref name="source"/>: true when the handshake
    /// completes, false when the SYN goes unanswered within the deadline (dropped) or is refused.
    /// </summary>
    public async Task<bool> ConnectAsync(string source, int port)
    {
        const string Probe = "import socket,sys\ns=socket.socket()\ns.bind((sys.argv[1],0))\ns.settimeout(2)\ntry:\n s.connect((sys.argv[2],int(sys.argv[3])))\n print('connected')\nexcept OSError as e:\n print('failed', e)\n";
        var (_, stdout, stderr) = await ProcessRunner.RunAsync(
            "ip", ["netns", "exec", Outside.Name, "python3", "-c", Probe, source, HostAddress, port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (stdout.StartsWith("connected", StringComparison.Ordinal))
        {
            return true;
        }

        return stdout.StartsWith("failed", StringComparison.Ordinal) ? false : throw new InvalidOperationException($"probe: {stdout} {stderr}");
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Outside.DisposeAsync();
    }

    private static async Task Run(params string[] command)
    {
        var (exitCode, _, stderr) = await ProcessRunner.RunAsync(command[0], command[1..]);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', command)}: {stderr}");
        }
    }
}

using System.Globalization;

namespace PortWatch.IntegrationTests.Infrastructure;

/// <summary>A real network namespace made with <c>ip netns add</c> (loopback up), deleted on dispose. Needs root.</summary>
internal sealed class NetworkNamespace : IAsyncDisposable
{
    private NetworkNamespace(string name, ulong inode)
    {
        Name = name;
        Inode = inode;
    }

    public string Name { get; }

    /// <summary>Its inode: the exporter's <c>netns</c> label for it.</summary>
    public ulong Inode { get; }

    public string Label => Inode.ToString(CultureInfo.InvariantCulture);

    public static async Task<NetworkNamespace> CreateAsync()
    {
        var name = $"pw-{Guid.NewGuid():N}"[..14];
        await Run("ip", "netns", "add", name);
        await Run("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
        var (_, inode, _) = await ProcessRunner.RunAsync("stat", ["-L", "-c", "%i", $"/run/netns/{name}"]);
        return new NetworkNamespace(name, ulong.Parse(inode.Trim(), CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync() => await ProcessRunner.RunAsync("ip", ["netns", "delete", Name]);

    private static async Task Run(params string[] command)
    {
        var (exitCode, _, stderr) = await ProcessRunner.RunAsync(command[0], command[1..]);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', command)}: {stderr}");
        }
    }
}

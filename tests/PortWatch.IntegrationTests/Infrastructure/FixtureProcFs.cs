using System.Globalization;

namespace PortWatch.IntegrationTests.Infrastructure;

/// <summary>
/// A proc tree for where the test may not bind privileged ports: the host's socket tables, copied, plus TCP
/// listeners the test adds and removes as lines of net/tcp (owned by no process, as kernel sockets are).
/// </summary>
internal sealed class FixtureProcFs : IDisposable
{
    private readonly string original;
    private readonly Dictionary<int, string> added = [];

    public FixtureProcFs()
    {
        Root = Directory.CreateTempSubdirectory("portwatch-procfs-").FullName;
        Directory.CreateDirectory(Path.Combine(Root, "net"));
        foreach (var table in new[] { "tcp6", "udp", "udp6" })
        {
            File.Copy($"/proc/net/{table}", Path.Combine(Root, "net", table));
        }

        original = File.ReadAllText("/proc/net/tcp");
        Write();
    }

    public string Root { get; }

    /// <summary>Adds a listener on 0.0.0.0:<paramref name="port"/> to net/tcp.</summary>
    public void Open(int port) => Open([port]);

    /// <summary>Adds listeners on 0.0.0.0 to net/tcp, and writes the table once.</summary>
    public void Open(IEnumerable<int> ports)
    {
        foreach (var port in ports)
        {
            added[port] = string.Create(CultureInfo.InvariantCulture,
                $"  {900 + added.Count}: 00000000:{port:X4} 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 {990000 + port} 1 0000000000000000 100 0 0 10 0");
        }

        Write();
    }

    public void Close(int port)
    {
        added.Remove(port);
        Write();
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private void Write()
    {
        var temporary = Path.Combine(Root, "net", "tcp.tmp");
        File.WriteAllText(temporary, original.TrimEnd('\n') + "\n" + string.Concat(added.Values.Select(l => l + "\n")));
        File.Move(temporary, Path.Combine(Root, "net", "tcp"), overwrite: true);
    }
}

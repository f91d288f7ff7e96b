using System.Globalization;
using System.Net;

namespace PortWatch.IntegrationTests.Infrastructure;

/// <summary>The host's listeners as <c>ss -ltnuH</c> (iproute2, the reference tool) shows them.</summary>
internal static class Ss
{
    public static async Task<HashSet<ListenerIdentity>> ListenersAsync()
    {
        var listeners = new HashSet<ListenerIdentity>();
        foreach (var (flag, family) in new[] { ("-4", "ipv4"), ("-6", "ipv6") })
        {
            var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync("ss", ["-ltnuH", flag]);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"ss failed: {stderr}");
            }

            foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                listeners.Add(Parse(line, family));
            }
        }

        return listeners;
    }

    // "tcp LISTEN 0 128 0.0.0.0:22 0.0.0.0:*", "udp UNCONN 0 0 [::1]%lo:323 [::]:*", "tcp LISTEN 0 4096 *:80 *:*"
    public static ListenerIdentity Parse(string line, string family)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var local = fields[4];
        var colon = local.LastIndexOf(':');
        var host = local[..colon];
        var percent = host.IndexOf('%', StringComparison.Ordinal);
        host = percent < 0 ? host : host[..percent];
        host = host.Trim('[', ']');
        var address = host == "*" ? (family == "ipv4" ? "0.0.0.0" : "::") : IPAddress.Parse(host).ToString();
        return new ListenerIdentity(fields[0], family, address, int.Parse(local[(colon + 1)..], CultureInfo.InvariantCulture));
    }
}

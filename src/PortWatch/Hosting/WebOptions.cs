namespace PortWatch.Hosting;

/// <summary>Where and how the HTTP endpoint listens.</summary>
internal sealed class WebOptions
{
    public const string DefaultListenAddress = ":10133";

    /// <summary>Addresses to listen on (<c>:10133</c>, <c>127.0.0.1:10133</c>, <c>[::1]:10133</c>, <c>localhost:10133</c>).</summary>
    public IReadOnlyList<ListenAddress> ListenAddresses { get; set; } = [ListenAddress.Parse(DefaultListenAddress)];

    /// <summary>The path metrics are served on.</summary>
    public string TelemetryPath { get; set; } = "/metrics";

    /// <summary>A web configuration file (TLS and basic auth, exporter-toolkit format); empty for plain HTTP.</summary>
    public string ConfigFile { get; set; } = "";

    /// <summary>
    /// At most this many requests to the metrics path and the landing page are served at once; those beyond get an
    /// immediate 503 and wait for nothing (node_exporter's <c>--web.max-requests</c>, whose default this is). 0 for no
    /// limit. The health checks are never limited.
    /// </summary>
    public int MaxRequests { get; set; } = 40;
}

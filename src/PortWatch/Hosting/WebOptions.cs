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

    /// <summary>
    /// The slowest a client may take a response once the server waits on it, after <see cref="MinResponseGrace"/>
    /// for each write: Kestrel closes the connection of a client that reads slower. With Kestrel's default of 240
    /// bytes a second, the megabytes already in a socket's buffers buy a client that never reads hours, and with them
    /// one of the <see cref="MaxRequests"/> places; at 32 KiB a second such a client loses it in about a minute and a
    /// half (97 s measured with 8 MB in flight: docs/security.md). A 10 s scrape of the 4 MB that 10,000 listeners make
    /// in plain text needs 400 KiB a second; a gzipped one is over within the grace.
    /// </summary>
    public double MinResponseBytesPerSecond { get; set; } = 32 * 1024;

    /// <summary>How long each write may wait for the client before <see cref="MinResponseBytesPerSecond"/> applies: Prometheus's default scrape timeout.</summary>
    public TimeSpan MinResponseGrace { get; set; } = TimeSpan.FromSeconds(10);
}

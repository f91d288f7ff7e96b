namespace PortWatch.Security;

/// <summary><c>http_server_config</c> of a web configuration file. The initial values are the defaults.</summary>
internal sealed class HttpServerConfig
{
    /// <summary>Whether HTTP/2 is offered (through ALPN, so with TLS only). Read at startup.</summary>
    public bool Http2 { get; set; } = true;

    /// <summary>Headers added to every response, among <see cref="WebConfigHeaders.Allowed"/>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; set; } = new Dictionary<string, string>();
}

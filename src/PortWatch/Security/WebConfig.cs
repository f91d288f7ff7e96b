namespace PortWatch.Security;

/// <summary>
/// A web configuration file in exporter-toolkit's format, parsed and checked, before any file it names is read.
/// </summary>
/// <param name="Path">The file.</param>
/// <param name="Tls">Its <c>tls_server_config</c>.</param>
/// <param name="Http">Its <c>http_server_config</c>.</param>
/// <param name="Users">Its <c>basic_auth_users</c>: user to bcrypt hash; empty for no basic auth.</param>
/// <param name="Positions">Where each field was written (<c>tls_server_config.cert_file</c> to line and column), so that a later error with the file it names can point at it.</param>
internal sealed record WebConfig(
    string Path,
    TlsServerConfig Tls,
    HttpServerConfig Http,
    IReadOnlyDictionary<string, string> Users,
    IReadOnlyDictionary<string, (long Line, long Column)> Positions)
{
    /// <summary>A <see cref="WebConfigException"/> pointing at <paramref name="field"/> (or the file's start when it was not written).</summary>
    public WebConfigException ErrorAt(string field, string message, Exception? inner = null)
    {
        var (line, column) = Positions.TryGetValue(field, out var at) ? at : (1, 1);
        return WebConfigException.At(Path, line, column, $"{field}: {message}", inner);
    }
}

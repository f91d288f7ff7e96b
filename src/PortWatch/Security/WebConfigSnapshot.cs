namespace PortWatch.Security;

/// <summary>A web configuration file as read at one moment, with everything it names: what every request and handshake uses until the file changes.</summary>
/// <param name="Config">The file, parsed.</param>
/// <param name="Tls">Its TLS material; null when the file asks for no TLS.</param>
/// <param name="Auth">Its basic auth users, with a cache of their own.</param>
/// <param name="Identities">The files read (the file itself, then those it names), each with its identity taken before it was read.</param>
internal sealed record WebConfigSnapshot(
    WebConfig Config,
    TlsMaterial? Tls,
    BasicAuthenticator Auth,
    IReadOnlyList<(string Path, FileIdentity Identity)> Identities);

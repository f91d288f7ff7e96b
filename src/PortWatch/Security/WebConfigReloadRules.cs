namespace PortWatch.Security;

/// <summary>
/// What a re-read web configuration may not do to the one in force: turn TLS on or off or change HTTP/2 (set when
/// Kestrel starts listening), be empty (a write not finished, an editor's save, <c>: &gt; web.yml</c>), or take
/// away an authentication the running configuration has: its basic auth users, the client certificate it requires
/// or verifies, the names it allows. Each would fail open; removing them on purpose takes a restart.
/// </summary>
internal static class WebConfigReloadRules
{
    /// <summary>Why <paramref name="next"/> may not replace <paramref name="current"/>; null when it may.</summary>
    /// <param name="tlsAtStart">Whether the exporter listens with TLS.</param>
    /// <param name="http2AtStart">Whether it offers HTTP/2.</param>
    public static WebConfigException? Problem(WebConfigSnapshot current, WebConfigSnapshot next, bool tlsAtStart, bool http2AtStart)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(next);
        const string Restart = "so the configuration in force stays; removing it on purpose takes a restart";
        var config = next.Config;
        if (config.Positions.Count == 0)
        {
            return WebConfigException.At(config.Path, 1, 1, "the file is empty (a write not finished?), so the configuration in force stays; a file that means to set nothing takes a restart");
        }

        if ((next.Tls is not null) != tlsAtStart)
        {
            return config.ErrorAt(WebConfigParser.TlsSection, tlsAtStart
                ? "TLS was on when the exporter started and the file now turns it off; that takes a restart, so TLS stays on"
                : "TLS was off when the exporter started and the file now turns it on; that takes a restart");
        }

        if (config.Http.Http2 != http2AtStart)
        {
            return config.ErrorAt($"{WebConfigParser.HttpSection}.http2", "HTTP/2 is chosen when the exporter starts listening; changing it takes a restart");
        }

        if (current.Auth.Enabled && !next.Auth.Enabled)
        {
            return config.ErrorAt(WebConfigParser.UsersSection, $"the file no longer names any user: basic auth would turn off, {Restart}");
        }

        var (before, after) = (current.Config.Tls, config.Tls);
        if ((Requires(before.ClientAuth) && !Requires(after.ClientAuth)) || (Verifies(before.ClientAuth) && !Verifies(after.ClientAuth)))
        {
            return config.ErrorAt($"{WebConfigParser.TlsSection}.client_auth_type",
                $"the file turns client certificates from {before.ClientAuth} to {after.ClientAuth}: clients would get in without a {(Requires(after.ClientAuth) ? "verified " : "")}certificate, {Restart}");
        }

        return before.ClientAllowedSans.Count > 0 && after.ClientAllowedSans.Count == 0
            ? config.ErrorAt($"{WebConfigParser.TlsSection}.client_allowed_sans", $"the file no longer limits client certificates to client_allowed_sans ({string.Join(", ", before.ClientAllowedSans)}), {Restart}")
            : null;
    }

    private static bool Requires(ClientAuthType type) => type is ClientAuthType.RequireAnyClientCert or ClientAuthType.RequireAndVerifyClientCert;

    private static bool Verifies(ClientAuthType type) => type is ClientAuthType.VerifyClientCertIfGiven or ClientAuthType.RequireAndVerifyClientCert;
}

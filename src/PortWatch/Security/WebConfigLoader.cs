using PortWatch.Yaml;

namespace PortWatch.Security;

/// <summary>Reads a web configuration file and every file it names, and checks them all: at startup and at each reload.</summary>
internal static class WebConfigLoader
{
    /// <summary>Reads <paramref name="path"/>; a problem is a <see cref="WebConfigException"/> that names the file, line, column and field.</summary>
    public static WebConfigSnapshot Load(string path) => Load(path, []);

    /// <summary>As <see cref="Load(string)"/>, telling <paramref name="identities"/> each file read, even when one fails, so that a reload knows when to try again.</summary>
    /// <param name="previous">The basic auth of the configuration in force, at a reload: its cache entries of users whose hash is unchanged are kept.</param>
    public static WebConfigSnapshot Load(string path, List<(string Path, FileIdentity Identity)> identities, BasicAuthenticator? previous = null)
    {
        ArgumentNullException.ThrowIfNull(identities);
        try
        {
            return Read(path, identities, previous);
        }
        catch (Exception e) when (e is not (WebConfigException or OutOfMemoryException))
        {
            // Whatever the checks did not foresee is a configuration error too: at startup exit 2, at a reload the
            // configuration in force stays. Never an exception out of a request.
            throw WebConfigException.At(path, 1, 1, $"cannot be loaded: {e.GetType().Name}: {e.Message}", e);
        }
    }

    private static WebConfigSnapshot Read(string path, List<(string Path, FileIdentity Identity)> identities, BasicAuthenticator? previous)
    {
        identities.Add((path, FileIdentity.Of(path)));
        var config = WebConfigParser.Parse(path, new WebConfigContext(path).ReadFile());
        var tls = config.Tls.Enabled ? TlsMaterial.Load(config, identities) : null;
        return new WebConfigSnapshot(config, tls, new BasicAuthenticator(config.Users, previous), [.. identities]);
    }
}

using PortWatch.Yaml;

namespace PortWatch.Security;

/// <summary>Reads a web configuration file and every file it names, and checks them all: at startup and at each reload.</summary>
internal static class WebConfigLoader
{
    /// <summary>Reads <paramref name="path"/>; a problem is a <see cref="WebConfigException"/> that names the file, line, column and field.</summary>
    public static WebConfigSnapshot Load(string path) => Load(path, []);

    /// <summary>As <see cref="Load(string)"/>, telling <paramref name="identities"/> each file read, even when one fails, so that a reload knows when to try again.</summary>
    public static WebConfigSnapshot Load(string path, List<(string Path, FileIdentity Identity)> identities)
    {
        ArgumentNullException.ThrowIfNull(identities);
        identities.Add((path, FileIdentity.Of(path)));
        string text;
        try
        {
            text = YamlLimits.ReadAtMost(path, "web configuration file", out var tooLarge);
            if (tooLarge is not null)
            {
                throw WebConfigException.At(path, tooLarge.Start.Line, tooLarge.Start.Column, tooLarge.Problem);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WebConfigException($"{path}: cannot read the web configuration file: {e.Message}", e);
        }

        var config = WebConfigParser.Parse(path, text);
        var tls = config.Tls.Enabled ? TlsMaterial.Load(config, identities) : null;
        return new WebConfigSnapshot(config, tls, new BasicAuthenticator(config.Users), [.. identities]);
    }
}

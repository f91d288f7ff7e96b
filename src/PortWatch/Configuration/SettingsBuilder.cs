namespace PortWatch.Configuration;

/// <summary>Builds settings from defaults, then the config file, then flags: flags win.</summary>
internal static class SettingsBuilder
{
    public static PortWatchSettings Build(string configFile, IReadOnlyList<(Setting Setting, string Value)> flags)
    {
        ArgumentNullException.ThrowIfNull(flags);
        var settings = new PortWatchSettings { ConfigFile = configFile };
        if (configFile.Length > 0)
        {
            ConfigFileLoader.Apply(configFile, settings);
        }

        foreach (var group in flags.GroupBy(f => f.Setting))
        {
            if (group.Key.Apply(settings, [.. group.Select(f => f.Value)]) is { } error)
            {
                throw new ConfigException($"--{group.Key.Flag}: {error}");
            }
        }

        return settings;
    }
}

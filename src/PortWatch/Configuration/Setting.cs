namespace PortWatch.Configuration;

/// <summary>
/// One setting, settable by a flag (<c>--scan.interval</c>) and by the config file (<c>scan: {interval: }</c>)
/// through the same parser, so the two cannot disagree on what a value means.
/// </summary>
/// <param name="Flag">The flag's name without dashes.</param>
/// <param name="YamlPath">Section and key in the config file; null when only a flag sets it.</param>
/// <param name="IsList">Whether it takes several values (a repeated flag, a YAML sequence).</param>
/// <param name="Apply">Sets the values; returns an error message, or null when they are good.</param>
internal sealed record Setting(
    string Flag,
    (string Section, string Key)? YamlPath,
    bool IsList,
    Commands Commands,
    string Placeholder,
    string Default,
    string Help,
    Func<PortWatchSettings, IReadOnlyList<string>, string?> Apply)
{
    public bool IsBoolean => Placeholder.Length == 0;
}

using PortWatch.Configuration;
using PortWatch.Security;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Yaml;

/// <summary>
/// The config file and the web configuration file read YAML through one reader: the same malformed input is the
/// same kind of error, at the same line and column, from both loaders.
/// </summary>
public sealed class YamlReaderTests
{
    public static TheoryData<string, string, string> Malformed => new()
    {
        { "log: [1, 2\nstate: 3\n", "2:1", "not valid YAML: cannot parse past this point" },
        { "log:\n\tlevel: info\n", "1:1", "not valid YAML: While scanning a mapping, found invalid tab" },
        { "log: &x 1\nstate: *x\n", "2:8", "aliases (*x) are not supported" },
        { "log: " + new string('[', 40) + new string(']', 40) + "\n", "1:37", "nested deeper than 32 levels" },
        { "log: 1\n---\nstate: 2\n", "3:1", "the file holds more than one YAML document" },
        { "---\n---\nstate: 2\n", "3:1", "the file holds more than one YAML document" },
        { "- log\n", "1:1", "must be a mapping of keys to values" },
        { "? [log]\n: 1\n", "1:3", "a key must be a plain string" },
        { "log: \"" + new string('x', 70_000) + "\"\n", "1:6", "characters" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Load_SameMalformedInput_IsTheSameErrorAtTheSamePlaceFromBothLoaders(string yaml, string position, string what)
    {
        var config = Should.Throw<ConfigException>(() => ConfigFileLoader.Apply("c.yml", yaml, new PortWatchSettings()));
        var web = Should.Throw<WebConfigException>(() => WebConfigParser.Parse("w.yml", yaml));

        config.Message.ShouldStartWith($"c.yml:{position}: ");
        web.Message.ShouldStartWith($"w.yml:{position}: ");
        config.Message.ShouldContain(what);
        web.Message.ShouldContain(what);
    }

    [Theory]
    [InlineData("")]
    [InlineData("~\n")]
    [InlineData("# only a comment\n")]
    public void Load_EmptyDocument_IsNoSettingsForEither(string yaml)
    {
        var settings = new PortWatchSettings();

        ConfigFileLoader.Apply("c.yml", yaml, settings);
        var web = WebConfigParser.Parse("w.yml", yaml);

        settings.Scan.Interval.ShouldBe(new PortWatchSettings().Scan.Interval);
        web.Users.ShouldBeEmpty();
        web.Tls.Enabled.ShouldBeFalse();
    }
}

using PortWatch.Configuration;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Configuration;

/// <summary>Values that used to pass the loader and throw later (issue 15, item 2): each is a configuration error at its position.</summary>
public sealed class ConfigFileLoaderReviewTests
{
    private const string File = "portwatch.yml";

    [Theory]
    [InlineData("registry:\n  file: \"a\\0b\"\n", "2:9: registry.file")]
    [InlineData("state:\n  file: \"/var/lib/a\\0b\"\n", "2:9: state.file")]
    [InlineData("path:\n  procfs: \"/pr\\0oc\"\n", "2:11: path.procfs")]
    [InlineData("web:\n  config_file: \"web\\0.yml\"\n", "2:16: web.config_file")]
    public void Apply_NulInAPath_IsAnErrorAtTheValue(string yaml, string at)
    {
        var error = Should.Throw<ConfigException>(() => ConfigFileLoader.Apply(File, yaml, new PortWatchSettings()));

        error.Message.ShouldBe($"{File}:{at}: a path cannot hold a NUL character");
    }
}

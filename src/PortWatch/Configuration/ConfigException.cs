namespace PortWatch.Configuration;

/// <summary>A bad flag or a bad config file. The message says where (file, line and column) and what is wrong.</summary>
internal sealed class ConfigException(string message, Exception? inner = null) : Exception(message, inner)
{
    public static ConfigException At(string file, long line, long column, string message) =>
        new($"{file}:{line}:{column}: {message}");
}

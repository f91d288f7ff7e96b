namespace PortWatch.Security;

/// <summary>A bad web configuration file, or a bad file it names. The message says where (file, line and column) and what.</summary>
internal sealed class WebConfigException(string message, Exception? inner = null) : Exception(message, inner)
{
    public static WebConfigException At(string file, long line, long column, string message, Exception? inner = null) =>
        new($"{file}:{line}:{column}: {message}", inner);
}

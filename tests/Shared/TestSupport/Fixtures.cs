namespace PortWatch.TestSupport;

/// <summary>Files under Fixtures/, copied to the output directory.</summary>
internal static class Fixtures
{
    public static string PathOf(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(PathOf(parts));
}

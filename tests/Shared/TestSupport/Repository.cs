namespace PortWatch.TestSupport;

/// <summary>The repository the tests were built from: found by walking up from the test binary to Exporter.sln.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Exporter.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Exporter.sln above {AppContext.BaseDirectory}");
    }
}

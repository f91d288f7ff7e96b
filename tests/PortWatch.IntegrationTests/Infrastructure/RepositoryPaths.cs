namespace PortWatch.IntegrationTests.Infrastructure;

/// <summary>Where the repository and the built programs are.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The exporter, built beside the tests (a project reference copies it).</summary>
    public static string Exporter { get; } = Path.Combine(AppContext.BaseDirectory, "portwatch.dll");

    public static string TestListener { get; } = Path.Combine(AppContext.BaseDirectory, "portwatch-test-listener.dll");

    /// <summary>A program that saves a growing state record in a loop with PortWatch's StateFile (tests/PortWatch.StateWriter).</summary>
    public static string StateWriter { get; } = Path.Combine(AppContext.BaseDirectory, "portwatch-state-writer.dll");

    public static string Dotnet { get; } = FindDotnet();

    public static string InRoot(params string[] parts) => Path.Combine([Root, .. parts]);

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

    private static string FindDotnet()
    {
        var host = Environment.ProcessPath;
        if (host is not null && Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            return host;
        }

        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        return root is not null && File.Exists(Path.Combine(root, "dotnet")) ? Path.Combine(root, "dotnet") : "dotnet";
    }
}

namespace PortWatch.IntegrationTests.Infrastructure;

/// <summary>
/// <c>./build.sh release</c>, run once for all the packaging tests of a run: the Native AOT publish (incremental after
/// the first), the .deb, the tarball and sha256sums.txt in <c>artifacts/</c>.
/// </summary>
internal static class ReleaseBuild
{
    private static readonly Lazy<Task<ReleaseArtifacts>> Build = new(RunAsync);

    public static Task<ReleaseArtifacts> ArtifactsAsync() => Build.Value;

    private static async Task<ReleaseArtifacts> RunAsync()
    {
        var started = DateTime.UtcNow;
        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync(
            "bash", [RepositoryPaths.InRoot("build.sh"), "release"], timeout: TimeSpan.FromMinutes(15));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"./build.sh release exited {exitCode}:\n{stdout}\n{stderr}");
        }

        var props = await File.ReadAllTextAsync(RepositoryPaths.InRoot("Directory.Build.props"));
        var start = props.IndexOf("<Version>", StringComparison.Ordinal) + "<Version>".Length;
        var version = props[start..props.IndexOf("</Version>", start, StringComparison.Ordinal)];
        var artifacts = RepositoryPaths.InRoot("artifacts");
        return new ReleaseArtifacts(
            version,
            Path.Combine(artifacts, $"portwatch_{version}_amd64.deb"),
            Path.Combine(artifacts, $"portwatch-{version}.linux-amd64.tar.gz"),
            Path.Combine(artifacts, "sha256sums.txt"),
            stdout + stderr,
            DateTime.UtcNow - started);
    }
}

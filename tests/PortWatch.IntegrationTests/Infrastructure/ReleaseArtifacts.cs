namespace PortWatch.IntegrationTests.Infrastructure;

/// <summary>What <c>./build.sh release</c> wrote, and its output.</summary>
internal sealed record ReleaseArtifacts(string Version, string Deb, string Tarball, string Checksums, string Output, TimeSpan Took);

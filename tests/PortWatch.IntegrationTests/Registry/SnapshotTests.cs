using PortWatch.IntegrationTests.Infrastructure;
using Shouldly;
using Xunit;

namespace PortWatch.IntegrationTests.Registry;

/// <summary>The embedded IANA snapshot is what its generator makes from the pinned inputs (tools/registry-inputs.json).</summary>
public sealed class SnapshotTests
{
    [Fact]
    public async Task Generator_FromThePinnedInputs_ReproducesTheCommittedSnapshotByteForByte()
    {
        var output = Directory.CreateTempSubdirectory("portwatch-snapshot-").FullName;
        try
        {
            var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync(
                "python3", [RepositoryPaths.InRoot("tools", "generate-registry-snapshot.py"), "--reproduce", "--out-dir", output], timeout: TimeSpan.FromMinutes(5));

            exitCode.ShouldBe(0, stdout + stderr);
            foreach (var file in new[] { "service-names-port-numbers.csv", "snapshot.json" })
            {
                var committed = await File.ReadAllBytesAsync(RepositoryPaths.InRoot("src", "PortWatch.Core", "Registry", "Snapshot", file));
                (await File.ReadAllBytesAsync(Path.Combine(output, file))).ShouldBe(committed, $"{file} differs from what the pinned inputs give");
            }
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}

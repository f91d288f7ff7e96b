using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Architecture;

/// <summary>No source file of the product grows past <see cref="MaxLines"/> lines: a file that does holds more than one thing.</summary>
public sealed class FileSizeTests
{
    private const int MaxLines = 250;

    [Fact]
    public void Sources_NoFileUnderSrcHasMoreThan250Lines()
    {
        var source = Repository.PathOf("src");
        var files = Directory.GetFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(source, f).Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin"))
            .ToList();

        files.Count.ShouldBeGreaterThan(100, $"the sources under {source}");
        var tooLong = files
            .Select(f => (File: Path.GetRelativePath(Repository.Root, f), Lines: File.ReadLines(f).Count()))
            .Where(f => f.Lines > MaxLines)
            .Select(f => $"{f.File}: {f.Lines} lines")
            .ToList();
        tooLong.ShouldBeEmpty($"no file under src/ may have more than {MaxLines} lines; split these");
    }
}

using System.Globalization;
using System.Text.Json;

namespace PortWatch.Registry;

/// <summary>Loads the registry from the embedded snapshot or from a CSV downloaded from IANA.</summary>
internal static class RegistryLoader
{
    private const string SnapshotCsv = "PortWatch.Registry.Snapshot.csv";
    private const string SnapshotMeta = "PortWatch.Registry.Snapshot.json";

    /// <summary>The file when a path is given, else the embedded snapshot.</summary>
    /// <param name="file">An IANA CSV; empty for the embedded snapshot.</param>
    /// <param name="details">Whether to keep descriptions and unauthorized-use text: <c>list</c> and <c>lookup</c> print them; the exporter, which only classifies, does not.</param>
    public static PortRegistry Load(string? file, bool details = true) => string.IsNullOrEmpty(file) ? LoadEmbedded(details) : LoadFile(file, details);

    public static PortRegistry LoadEmbedded(bool details = true)
    {
        var assembly = typeof(RegistryLoader).Assembly;
        using var csv = assembly.GetManifestResourceStream(SnapshotCsv)
            ?? throw new InvalidOperationException($"resource {SnapshotCsv} is missing from the build");
        using var meta = assembly.GetManifestResourceStream(SnapshotMeta)
            ?? throw new InvalidOperationException($"resource {SnapshotMeta} is missing from the build");
        using var document = JsonDocument.Parse(meta);
        var updated = DateOnly.ParseExact(
            document.RootElement.GetProperty("updated").GetString() ?? "", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var reader = new StreamReader(csv);
        return new PortRegistry(IanaCsvParser.Parse(reader, details).Records, new RegistryInfo(RegistryInfo.Embedded, updated));
    }

    /// <summary>
    /// Loads a CSV in IANA's format. Its date is the newest Registration or Modification Date in it, or the
    /// file's modification time when it has none.
    /// </summary>
    public static PortRegistry LoadFile(string path, bool details = true)
    {
        try
        {
            using var reader = new StreamReader(path);
            var document = IanaCsvParser.Parse(reader, details);
            if (document.Records.Count == 0)
            {
                throw new FormatException("no row with a port number");
            }

            var updated = document.LatestDate ?? DateOnly.FromDateTime(File.GetLastWriteTimeUtc(path));
            return new PortRegistry(document.Records, new RegistryInfo(path, updated));
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            throw new RegistryLoadException($"registry file {path}: {e.Message}", e);
        }
    }
}

using System.Globalization;
using System.Text.Json;

namespace PortWatch.Registry;

/// <summary>Loads the registry from the embedded snapshot or from a CSV downloaded from IANA.</summary>
internal static class RegistryLoader
{
    private const string SnapshotCsv = "PortWatch.Registry.Snapshot.csv";
    private const string SnapshotMeta = "PortWatch.Registry.Snapshot.json";

    /// <summary>The file when a path is given, else the embedded snapshot.</summary>
    public static PortRegistry Load(string? file) => string.IsNullOrEmpty(file) ? LoadEmbedded() : LoadFile(file);

    public static PortRegistry LoadEmbedded()
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
        return new PortRegistry(IanaCsvParser.Parse(reader).Records, new RegistryInfo(RegistryInfo.Embedded, updated));
    }

    /// <summary>
    /// Loads a CSV in IANA's format. Its date is the newest Registration or Modification Date in it, or the
    /// file's modification time when it has none.
    /// </summary>
    public static PortRegistry LoadFile(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            var document = IanaCsvParser.Parse(reader);
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

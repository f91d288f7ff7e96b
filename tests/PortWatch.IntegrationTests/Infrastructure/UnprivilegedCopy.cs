using System.Text.Json;

namespace PortWatch.IntegrationTests.Infrastructure;

/// <summary>
/// The exporter copied where any user can read it. The tests' own output directory may sit under a directory
/// only its owner can enter (a root home is 0700); a process that drops to another user could not even load
/// the program from there. Copies portwatch.dll, its runtime config and every runtime file its deps.json lists.
/// </summary>
internal sealed class UnprivilegedCopy : IDisposable
{
    private const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Enterable = Readable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public UnprivilegedCopy()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("portwatch-unprivileged-").FullName;
        File.SetUnixFileMode(Directory, Enterable);
        var source = Path.GetDirectoryName(RepositoryPaths.Exporter)!;
        foreach (var file in Files(source))
        {
            var target = Path.Combine(Directory, file);
            File.Copy(Path.Combine(source, file), target);
            File.SetUnixFileMode(target, Readable);
        }
    }

    public string Directory { get; }

    public string Exporter => Path.Combine(Directory, "portwatch.dll");

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private static IEnumerable<string> Files(string source)
    {
        yield return "portwatch.dll";
        yield return "portwatch.runtimeconfig.json";
        yield return "portwatch.deps.json";
        using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(source, "portwatch.deps.json")));
        foreach (var target in deps.RootElement.GetProperty("targets").EnumerateObject())
        {
            foreach (var library in target.Value.EnumerateObject())
            {
                if (library.Value.TryGetProperty("runtime", out var runtime))
                {
                    foreach (var file in runtime.EnumerateObject().Select(f => Path.GetFileName(f.Name)).Where(f => f != "portwatch.dll"))
                    {
                        yield return file;
                    }
                }
            }
        }
    }
}

using System.Reflection;
using System.Text.RegularExpressions;
using NetArchTest.Rules;
using PortWatch.Hosting;
using PortWatch.Scanning;
using PortWatch.Tests.TestSupport;
using PortWatch.TestSupport;
using Shouldly;
using Xunit;

namespace PortWatch.Tests.Architecture;

/// <summary>
/// The layering of docs/architecture.md, held by the build: every folder of both assemblies uses only the
/// folders its row of the table allows, in the compiled code and in the <c>using</c> lines of the sources.
/// </summary>
public sealed partial class LayeringTests
{
    private static readonly LayerTable Table = LayerTable.Load();

    private static readonly Assembly[] Assemblies = [typeof(Scanner).Assembly, typeof(ExporterHost).Assembly];

    public static TheoryData<string> Folders => [.. LayerTable.Load().Rows.Select(r => r.Folder)];

    [Fact]
    public void Table_NamesEveryNamespaceOfBothAssembliesInItsAssembly()
    {
        var namespaces = Assemblies
            .SelectMany(a => a.GetTypes().Select(t => (Assembly: a.GetName().Name!, t.Namespace)))
            .Where(t => t.Namespace?.StartsWith("PortWatch", StringComparison.Ordinal) == true)
            .Distinct()
            .ToList();

        namespaces.ShouldNotBeEmpty();
        foreach (var (assembly, ns) in namespaces)
        {
            var folder = ns!.Split('.').ElementAtOrDefault(1);
            folder.ShouldNotBeNull($"a type in the root namespace {ns} of {assembly}: every type belongs in a folder");
            var row = Table.Find(folder).ShouldNotBeNull($"namespace {ns} of {assembly} has no row in docs/architecture.md's table");
            row.Assembly.ShouldBe(assembly, $"docs/architecture.md puts {folder} in {row.Assembly}, but it is in {assembly}");
        }
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void Folder_CompiledCode_UsesOnlyTheFoldersItsRowAllows(string folder)
    {
        var row = Table.Find(folder)!;
        var forbidden = Table.Rows.Where(r => r.Folder != folder && !row.MayUse.Contains(r.Folder)).Select(r => r.Namespace).ToArray();

        var result = Types.InAssembly(Assembly(row)).That().ResideInNamespace(row.Namespace)
            .ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        (result.FailingTypeNames ?? []).ShouldBeEmpty($"{folder} may use only {string.Join(", ", row.MayUse.DefaultIfEmpty("nothing"))}");
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void Folder_Sources_DeclareTheirNamespaceAndUseOnlyTheFoldersItsRowAllows(string folder)
    {
        var row = Table.Find(folder)!;
        var directory = Repository.PathOf("src", row.Assembly == "portwatch" ? "PortWatch" : row.Assembly, folder);
        var files = Directory.GetFiles(directory, "*.cs", SearchOption.AllDirectories);

        files.ShouldNotBeEmpty(directory);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            text.ShouldContain($"namespace {row.Namespace};", customMessage: file);
            foreach (Match use in UsingLine().Matches(text))
            {
                var used = use.Groups[1].Value;
                (used == folder || row.MayUse.Contains(used)).ShouldBeTrue($"{Path.GetRelativePath(Repository.Root, file)}: using PortWatch.{used}; but {folder} may use only {string.Join(", ", row.MayUse.DefaultIfEmpty("nothing"))}");
            }
        }
    }

    [Fact]
    public void Core_ReferencesNoAspNetAndNoMetricsLibrary()
    {
        var references = typeof(Scanner).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        references.ShouldNotContain(name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        references.ShouldNotContain(name => name.StartsWith("Prometheus", StringComparison.Ordinal));
        references.ShouldNotContain("portwatch");
        File.ReadAllText(Repository.PathOf("src", "PortWatch.Core", "PortWatch.Core.csproj")).ShouldContain("<Project Sdk=\"Microsoft.NET.Sdk\">");
    }

    [Fact]
    public void OnlyKernelFolders_CallTheOperatingSystemOrNameProc()
    {
        var kernel = Table.Rows.Where(r => r.Kernel).Select(r => r.Folder).ToHashSet();
        kernel.ShouldContain("ProcFs");

        foreach (var type in Assemblies.SelectMany(a => a.GetTypes()).Where(t => t.Namespace?.StartsWith("PortWatch.", StringComparison.Ordinal) == true))
        {
            var pinvokes = type.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly)
                .Where(m => m.Attributes.HasFlag(MethodAttributes.PinvokeImpl));
            if (pinvokes.Any())
            {
                kernel.ShouldContain(type.Namespace!.Split('.')[1], $"{type.FullName} calls into the operating system");
            }
        }

        foreach (var file in Directory.GetFiles(Repository.PathOf("src"), "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/", StringComparison.Ordinal)))
        {
            var folder = Path.GetFileName(Path.GetDirectoryName(file))!;
            if (!kernel.Contains(folder))
            {
                File.ReadAllText(file).ShouldNotContain("\"/proc", customMessage: $"{file} names /proc; only {string.Join(", ", kernel)} may");
            }
        }
    }

    private static Assembly Assembly(LayerTable.Row row) =>
        Assemblies.Single(a => a.GetName().Name == row.Assembly);

    [GeneratedRegex(@"^using (?:static )?PortWatch\.(\w+)", RegexOptions.Multiline)]
    private static partial Regex UsingLine();
}

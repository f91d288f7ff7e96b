using System.Reflection;
using System.Runtime.InteropServices;

namespace PortWatch.Versioning;

/// <summary>The version, source revision and runtime of this build: for <c>--version</c>, the landing page and <c>portwatch_build_info</c>.</summary>
internal static class BuildInfo
{
    private static readonly string Informational =
        typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>The version without build metadata, e.g. 0.2.0.</summary>
    public static string Version { get; } = Informational.Split('+')[0];

    /// <summary>The git commit the build came from, or <c>unknown</c>.</summary>
    public static string Revision { get; } = Informational.Contains('+', StringComparison.Ordinal) ? Informational.Split('+')[1] : "unknown";

    public static string Runtime { get; } = RuntimeInformation.FrameworkDescription;
}

namespace PortWatch.IntegrationTests.Infrastructure;

/// <summary>Prometheus's own checker (Debian's prometheus package; ./build.sh test installs it).</summary>
internal static class Promtool
{
    /// <summary>Runs <c>promtool check metrics</c> on an exposition; returns its exit code and everything it said.</summary>
    public static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string exposition)
    {
        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync("promtool", ["check", "metrics"], stdin: exposition);
        return (exitCode, stdout + stderr);
    }
}

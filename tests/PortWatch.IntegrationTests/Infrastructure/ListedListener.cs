using System.Text.Json;

namespace PortWatch.IntegrationTests.Infrastructure;

/// <summary>One element of <c>portwatch list --output json</c>.</summary>
internal static class ListedListener
{
    public static ListenerIdentity Identity(JsonElement element) => new(
        element.GetProperty("protocol").GetString()!,
        element.GetProperty("family").GetString()!,
        element.GetProperty("address").GetString()!,
        element.GetProperty("port").GetInt32());

    public static async Task<JsonElement[]> ListAsync(params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await ProcessRunner.PortwatchAsync(["list", "--output", "json", .. arguments]);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"portwatch list exited with {exitCode}: {stderr}");
        }

        return [.. JsonDocument.Parse(stdout).RootElement.EnumerateArray().Select(e => e.Clone())];
    }
}

using System.Globalization;
using System.Text.Json;

namespace PortWatch.IntegrationTests.Infrastructure;

/// <summary>Prometheus's HTTP API: queries, alerts, targets.</summary>
internal static class PrometheusApi
{
    /// <summary>Runs an instant query; returns the parsed response (status, data or error).</summary>
    public static async Task<JsonElement> QueryAsync(HttpClient prometheus, string query) =>
        await GetAsync(prometheus, $"api/v1/query?query={Uri.EscapeDataString(query)}");

    public static async Task<JsonElement> QueryRangeAsync(HttpClient prometheus, string query, TimeSpan window, TimeSpan step)
    {
        var end = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var start = end - (long)window.TotalSeconds;
        return await GetAsync(prometheus, string.Create(CultureInfo.InvariantCulture,
            $"api/v1/query_range?query={Uri.EscapeDataString(query)}&start={start}&end={end}&step={step.TotalSeconds}"));
    }

    /// <summary>The number of series (or samples of a scalar) a successful query returned.</summary>
    public static int ResultCount(JsonElement response)
    {
        var data = response.GetProperty("data");
        var result = data.GetProperty("result");
        return data.GetProperty("resultType").GetString() is "scalar" or "string" ? 1 : result.GetArrayLength();
    }

    /// <summary>True when a successful query returned no series, or only label-less series whose values are all 0.</summary>
    public static bool HasOnlyZeroConstants(JsonElement response)
    {
        if (response.GetProperty("status").GetString() != "success")
        {
            return false;
        }

        var data = response.GetProperty("data");
        if (data.GetProperty("resultType").GetString() is "scalar" or "string")
        {
            return false;
        }

        return data.GetProperty("result").EnumerateArray().All(series =>
            !series.GetProperty("metric").EnumerateObject().Any()
            && (series.TryGetProperty("value", out var value) ? [value] : series.GetProperty("values").EnumerateArray().ToList())
                .All(sample => sample[1].GetString() == "0"));
    }

    public static async Task<JsonElement> AlertsAsync(HttpClient prometheus) =>
        (await GetAsync(prometheus, "api/v1/alerts")).GetProperty("data").GetProperty("alerts");

    private static async Task<JsonElement> GetAsync(HttpClient prometheus, string path)
    {
        using var response = await prometheus.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}

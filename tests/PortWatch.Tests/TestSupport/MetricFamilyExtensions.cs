using PortWatch.Exposition;

namespace PortWatch.Tests.TestSupport;

/// <summary>Finds families and series in what a builder returned.</summary>
internal static class MetricFamilyExtensions
{
    public static MetricFamily Family(this IEnumerable<MetricFamily> families, string name) =>
        families.SingleOrDefault(f => f.Name == name) ?? throw new InvalidOperationException($"no family {name}");

    /// <summary>The value of the one series whose labels are exactly <paramref name="labels"/> (name=value pairs).</summary>
    public static double Value(this MetricFamily family, params string[] labels)
    {
        var wanted = labels.Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var matches = family.Samples.Where(s =>
            wanted.Count == family.LabelNames.Count
            && family.LabelNames.Select((name, i) => wanted.TryGetValue(name, out var v) && v == s.LabelValues[i]).All(b => b)).ToList();
        return matches.Count == 1
            ? matches[0].Value
            : throw new InvalidOperationException($"{family.Name}: {matches.Count} series match {{{string.Join(",", labels)}}}");
    }
}

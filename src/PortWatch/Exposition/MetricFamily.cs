using System.Text.RegularExpressions;

namespace PortWatch.Exposition;

/// <summary>A gauge family: name, help text, label names and samples. Validates names as it is built.</summary>
internal sealed partial class MetricFamily
{
    private readonly List<Sample> samples = [];

    public MetricFamily(string name, string help, params IReadOnlyList<string> labelNames)
    {
        ArgumentNullException.ThrowIfNull(labelNames);
        if (!MetricName().IsMatch(name))
        {
            throw new ArgumentException($"\"{name}\" is not a valid metric name", nameof(name));
        }

        foreach (var label in labelNames)
        {
            if (!LabelName().IsMatch(label) || label.StartsWith("__", StringComparison.Ordinal))
            {
                throw new ArgumentException($"\"{label}\" is not a valid label name", nameof(labelNames));
            }
        }

        if (labelNames.Distinct(StringComparer.Ordinal).Count() != labelNames.Count)
        {
            throw new ArgumentException($"{name} repeats a label name", nameof(labelNames));
        }

        Name = name;
        Help = help;
        LabelNames = labelNames;
    }

    public string Name { get; }

    public string Help { get; }

    public IReadOnlyList<string> LabelNames { get; }

    public IReadOnlyList<Sample> Samples => samples;

    public MetricFamily Add(double value, params IReadOnlyList<string> labelValues)
    {
        ArgumentNullException.ThrowIfNull(labelValues);
        if (labelValues.Count != LabelNames.Count)
        {
            throw new ArgumentException($"{Name} takes {LabelNames.Count} label values, not {labelValues.Count}", nameof(labelValues));
        }

        samples.Add(new Sample(labelValues, value));
        return this;
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();
}

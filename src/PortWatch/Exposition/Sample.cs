namespace PortWatch.Exposition;

/// <summary>One series of a family: its label values, in the family's label order, and its value.</summary>
internal sealed record Sample(IReadOnlyList<string> LabelValues, double Value);

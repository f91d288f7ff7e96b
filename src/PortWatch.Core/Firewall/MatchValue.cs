namespace PortWatch.Firewall;

/// <summary>
/// The right side of a match, a set element or a map key: numbers (addresses, ports, protocols, flags) as intervals,
/// and names (interfaces, with <c>eth*</c> wildcards; ct states; fib types).
/// </summary>
internal sealed record MatchValue(IntervalSet Numbers, IReadOnlyList<string> Names)
{
    public static MatchValue None { get; } = new(IntervalSet.Empty, []);

    public static MatchValue OfNumbers(IntervalSet numbers) => new(numbers, []);

    public static MatchValue OfNames(params string[] names) => new(IntervalSet.Empty, names);

    public MatchValue Union(MatchValue other) => new(Numbers.Union(other.Numbers), [.. Names, .. other.Names]);

    public bool HasName(string name)
    {
        foreach (var pattern in Names)
        {
            if (pattern.EndsWith('*') && !pattern.EndsWith("\\*", StringComparison.Ordinal)
                ? name.StartsWith(pattern[..^1], StringComparison.Ordinal)
                : pattern.Replace("\\*", "*", StringComparison.Ordinal) == name)
            {
                return true;
            }
        }

        return false;
    }
}

namespace PortWatch.Scanning;

/// <summary>The reverse of an enum's <c>ToLabel</c>: the one value of a list whose label is the text given.</summary>
internal static class LabelLookup
{
    /// <summary>The value of <paramref name="all"/> that <paramref name="toLabel"/> names <paramref name="label"/>, or false when none is.</summary>
    public static bool TryParse<T>(IReadOnlyList<T> all, Func<T, string> toLabel, string label, out T value)
        where T : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(toLabel);
        foreach (var candidate in all)
        {
            if (toLabel(candidate) == label)
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}

namespace PortWatch.Exposition;

/// <summary>
/// Joins rendered families into one exposition, in name order, so the output is deterministic whatever
/// order they were rendered in. A name given twice is a bug and throws rather than emit a duplicate family.
/// </summary>
internal static class ExpositionComposer
{
    public static byte[] Compose(IEnumerable<RenderedFamily> families)
    {
        ArgumentNullException.ThrowIfNull(families);
        var ordered = families.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].Name == ordered[i - 1].Name)
            {
                throw new InvalidOperationException($"metric family {ordered[i].Name} is rendered twice");
            }
        }

        var output = new byte[ordered.Sum(f => f.Utf8.Length)];
        var offset = 0;
        foreach (var family in ordered)
        {
            family.Utf8.CopyTo(output, offset);
            offset += family.Utf8.Length;
        }

        return output;
    }
}

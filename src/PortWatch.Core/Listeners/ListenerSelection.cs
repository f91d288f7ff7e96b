namespace PortWatch.Listeners;

/// <summary>The listeners a limit keeps, and those it leaves out.</summary>
/// <param name="Kept">The listeners kept, in <see cref="Listener.Order"/>.</param>
/// <param name="Dropped">The listeners left out, in no order that means anything.</param>
internal sealed record ListenerSelection(IReadOnlyList<Listener> Kept, IReadOnlyList<Listener> Dropped)
{
    /// <summary>How many listeners were left out, by class; every class present, 0 included.</summary>
    public IReadOnlyDictionary<ListenerClass, int> DroppedByClass { get; } = CountByClass(Dropped);

    /// <summary>What was left out, for a person: <c>3 unexpected, 120 expected</c>; classes with none are not named.</summary>
    public string DroppedText => string.Join(", ", ListenerLimit.Classes.Where(c => DroppedByClass[c] > 0).Select(c => $"{DroppedByClass[c]} {c.ToLabel()}"));

    private static Dictionary<ListenerClass, int> CountByClass(IReadOnlyList<Listener> listeners)
    {
        var counts = ListenerLimit.Classes.ToDictionary(c => c, _ => 0);
        foreach (var listener in listeners)
        {
            counts[ListenerLimit.ClassOf(listener)]++;
        }

        return counts;
    }
}

namespace PortWatch.Listeners;

/// <summary>
/// Caps a listener set (<c>--scan.max-listeners</c>) so that a host with 100,000 sockets cannot flood Prometheus,
/// and so that a flood cannot hide what pages: listeners that would page are kept first, then unexpected ones,
/// then expected ones. Within a class the oldest are kept first (earliest first-seen, then
/// <see cref="Listener.Order"/>): a flood that arrives later cannot push out the series that were already
/// there, so their alerts neither resolve nor flap, and the same set is kept from one scan to the next.
/// </summary>
internal static class ListenerLimit
{
    /// <summary>The classes, in the order they are kept.</summary>
    public static IReadOnlyList<ListenerClass> Classes { get; } = [ListenerClass.Pages, ListenerClass.Unexpected, ListenerClass.Expected];

    /// <summary>The order of keeping within a class: first seen earliest, then the order of every listing.</summary>
    public static Comparison<Listener> Seniority { get; } = (x, y) =>
    {
        var order = x.FirstSeen.CompareTo(y.FirstSeen);
        return order != 0 ? order : Listener.Order(x, y);
    };

    public static ListenerClass ClassOf(Listener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        return listener.Expected ? ListenerClass.Expected : PagingRule.WouldPage(listener) ? ListenerClass.Pages : ListenerClass.Unexpected;
    }

    /// <summary>At most <paramref name="max"/> of <paramref name="listeners"/> (sorted in <see cref="Listener.Order"/>); 0 keeps them all.</summary>
    public static ListenerSelection Select(IReadOnlyList<Listener> listeners, int max)
    {
        ArgumentNullException.ThrowIfNull(listeners);
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (max == 0 || listeners.Count <= max)
        {
            return new ListenerSelection(listeners, []);
        }

        var byClass = Classes.Select(_ => new List<Listener>()).ToArray();
        foreach (var listener in listeners)
        {
            byClass[(int)ClassOf(listener)].Add(listener);
        }

        // Whole classes while they fit; the class that does not fit is sorted by seniority and cut; the rest is left out.
        var kept = new List<Listener>(max);
        var dropped = new List<Listener>(listeners.Count - max);
        foreach (var members in byClass)
        {
            var room = max - kept.Count;
            if (members.Count <= room)
            {
                kept.AddRange(members);
                continue;
            }

            members.Sort(Seniority);
            kept.AddRange(members.Take(room));
            dropped.AddRange(members.Skip(room));
        }

        kept.Sort(Listener.Order);
        return new ListenerSelection(kept, dropped);
    }
}

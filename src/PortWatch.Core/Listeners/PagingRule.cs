namespace PortWatch.Listeners;

/// <summary>
/// What pages a person (the alerts of alerts/, README's "Alerts and dashboards"): a listener on a system port (0-1023) that IANA has not assigned and the
/// operator does not expect. Written once, as label matchers: the landing page marks the rows it selects, and a
/// test holds <c>PortwatchUnassignedWellKnownListener</c>'s selector to it.
/// </summary>
internal static class PagingRule
{
    /// <summary>The label matchers, each an exact match on a label of <c>portwatch_listener_info</c>.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Matchers { get; } =
    [
        new(ListenerLabels.Range, "system"),
        new(ListenerLabels.IanaStatus, "unassigned"),
        new(ListenerLabels.Expected, "false"),
    ];

    // The matchers' labels looked up once: a limit classifies every listener of a flood (ListenerLimit).
    private static readonly (ListenerLabel Label, string Value)[] Compiled = [.. Matchers.Select(m => (ListenerLabels.Named(m.Key), m.Value))];

    public static bool WouldPage(Listener listener)
    {
        foreach (var (label, value) in Compiled)
        {
            if (label.Value(listener) != value)
            {
                return false;
            }
        }

        return true;
    }
}

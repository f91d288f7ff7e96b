namespace PortWatch.Listeners;

/// <summary>
/// What pages a person (SPEC section 9): a listener on a system port (0-1023) that IANA has not assigned and the
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

    public static bool WouldPage(Listener listener) =>
        Matchers.All(matcher => ListenerLabels.ValueOf(listener, matcher.Key) == matcher.Value);
}

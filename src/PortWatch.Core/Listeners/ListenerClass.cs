namespace PortWatch.Listeners;

/// <summary>
/// What a listener is to an alert, in the order <see cref="ListenerLimit"/> keeps them when there are more than
/// the series may hold: first what pages, then what is unexpected, then what the operator expects.
/// </summary>
internal enum ListenerClass
{
    /// <summary>It would page (<see cref="PagingRule"/>).</summary>
    Pages,

    /// <summary>Not in the config's <c>expected:</c> list (<c>expected="false"</c>), and it does not page.</summary>
    Unexpected,

    /// <summary>In the config's <c>expected:</c> list (<c>expected="true"</c>): no listener alert reads it.</summary>
    Expected,
}

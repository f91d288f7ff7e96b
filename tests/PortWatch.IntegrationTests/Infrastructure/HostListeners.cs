using Shouldly;

namespace PortWatch.IntegrationTests.Infrastructure;

/// <summary>
/// Compares what PortWatch reported with what ss shows. Other programs may open or close sockets while both
/// look, so ss is asked before and after: everything ss showed both times must be reported, and nothing
/// ss never showed may be.
/// </summary>
internal static class HostListeners
{
    public static async Task<HashSet<ListenerIdentity>> ShouldMatchSsAsync(Func<Task<HashSet<ListenerIdentity>>> report)
    {
        var before = await Ss.ListenersAsync();
        var reported = await report();
        var after = await Ss.ListenersAsync();
        var stable = before.Intersect(after).ToHashSet();
        var seen = before.Union(after).ToHashSet();
        stable.Except(reported).ShouldBeEmpty("listeners ss shows that PortWatch missed");
        reported.Except(seen).ShouldBeEmpty("listeners PortWatch reported that ss never showed");
        return reported;
    }
}
